import { createHash } from "node:crypto";

/** A UUID-shaped (v4 layout) id derived from the inputs: the same inputs always give the same id. */
export function deterministicUuid(...parts: Array<string | number>): string {
  const h = createHash("sha256").update(parts.map(String).join("\u0000")).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

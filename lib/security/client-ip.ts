import { isIP } from "node:net";

type HeaderSource = { get(name: string): string | null };

/**
 * The client's address, as a rate-limit key. Behind a reverse proxy (TRUST_PROXY=true) it is the
 * first X-Forwarded-For entry, which the proxy set. Without one, Next.js itself fills
 * X-Forwarded-For with the socket address when the request has none; a value that is not one
 * plain IP address (a forged list, garbage) is not trusted and counts as "unknown".
 */
export function clientIp(headers: HeaderSource, trustProxy: boolean): string {
  const raw = headers.get("x-forwarded-for");
  if (!raw) return "unknown";
  const entries = raw.split(",").map((s) => s.trim());
  const candidate = trustProxy ? entries[0] : entries.length === 1 ? entries[0] : undefined;
  const ip = candidate?.replace(/^::ffff:/, "") ?? "";
  return isIP(ip) ? ip : "unknown";
}

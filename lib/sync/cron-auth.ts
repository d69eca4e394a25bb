import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** `Bearer <CRON_SECRET>`, compared in constant time; without a configured secret the route is closed. */
export function cronAuthorized(header: string | null, secret: string | undefined): "ok" | "refused" | "closed" {
  if (!secret) return "closed";
  if (!header) return "refused";
  return timingSafeEqual(digest(header), digest(`Bearer ${secret}`)) ? "ok" : "refused";
}

/**
 * Security headers that do not change per request. Shared by next.config.ts (every route,
 * API routes included) and proxy.ts (pages). No imports: next.config.ts loads this file directly.
 */
export type Header = { key: string; value: string };

export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
].join(", ");

/** Two years, as browsers' preload lists expect; only ever sent over https. */
export const HSTS = "max-age=63072000; includeSubDomains";

/** `frame`: "deny" everywhere, "sameorigin" for the pages the portal frames itself (sandbox Pluggy Connect). */
export function staticSecurityHeaders(frame: "deny" | "sameorigin" = "deny"): Header[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: frame === "deny" ? "DENY" : "SAMEORIGIN" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin-allow-popups" },
  ];
}

/** The CSP of responses that are not pages (API routes, files): nothing may run or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

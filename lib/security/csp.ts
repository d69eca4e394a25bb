/**
 * The Content-Security-Policy of pages. Scripts run only with this response's nonce (Next.js reads
 * it from the request's CSP header and puts it on its own scripts); scripts those load may load
 * others ('strict-dynamic': react-plaid-link's loader, the sandbox Plaid Link stand-in). Styles
 * allow inline because Plaid Link, zoid (Pluggy Connect) and React style props inject them.
 *
 * Real providers add their origins: Plaid Link (cdn.plaid.com script, *.plaid.com frames and API)
 * and Pluggy Connect (connect.pluggy.ai / *.pluggy.ai frames). The sandbox stand-ins are served by
 * the portal itself (APP_URL): same origin, unless APP_URL names another host than the browser uses.
 */
export type CspOptions = {
  nonce: string;
  /** `next dev`: React's dev tools need eval, and the HMR socket. */
  dev: boolean;
  /** Real Plaid configured (PLAID_CLIENT_ID). */
  plaid: boolean;
  /** Real Pluggy configured (PLUGGY_CLIENT_ID). */
  pluggy: boolean;
  /** Google sign-in configured: its consent page is reached from a form post. */
  google: boolean;
  /** The portal's own origin as configured (APP_URL), for the sandbox stand-ins. */
  appOrigin: string | undefined;
  /** Served over https: upgrade any http sub-resource. */
  https: boolean;
  /** Pages the portal frames itself (the sandbox Pluggy Connect page) may be framed by the same origin. */
  frameable: boolean;
};

export const PLAID_ORIGINS = { script: ["https://cdn.plaid.com"], frame: ["https://cdn.plaid.com", "https://*.plaid.com"], connect: ["https://*.plaid.com"] };
export const PLUGGY_ORIGINS = { frame: ["https://connect.pluggy.ai", "https://*.pluggy.ai"], connect: ["https://*.pluggy.ai"] };

export function buildCsp(o: CspOptions): string {
  const self = ["'self'", ...(o.appOrigin ? [o.appOrigin] : [])];
  const script = ["'self'", `'nonce-${o.nonce}'`, "'strict-dynamic'", ...(o.plaid ? PLAID_ORIGINS.script : []), ...(o.dev ? ["'unsafe-eval'"] : [])];
  const frame = [...self, ...(o.plaid ? PLAID_ORIGINS.frame : []), ...(o.pluggy ? PLUGGY_ORIGINS.frame : [])];
  const connect = [...self, ...(o.plaid ? PLAID_ORIGINS.connect : []), ...(o.pluggy ? PLUGGY_ORIGINS.connect : []), ...(o.dev ? ["ws:", "wss:"] : [])];
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", script],
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", ["'self'", "data:", "blob:"]],
    ["font-src", ["'self'", "data:"]],
    ["connect-src", connect],
    ["frame-src", frame],
    ["worker-src", ["'self'", "blob:"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'", ...(o.google ? ["https://accounts.google.com"] : [])]],
    ["frame-ancestors", [o.frameable ? "'self'" : "'none'"]],
  ];
  const parts = directives.map(([name, values]) => `${name} ${[...new Set(values)].join(" ")}`);
  if (o.https) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Paths the portal itself shows in a frame (the sandbox Pluggy Connect stand-in). */
export function isFrameablePath(pathname: string): boolean {
  return pathname === "/sandbox/pluggy/connect" || pathname.startsWith("/sandbox/pluggy/connect/");
}

import { PLAID_LINK_ETAG, PLAID_LINK_SCRIPT } from "@bank-connections/sandbox/ui/plaid-link/script";

/**
 * The Plaid Link stand-in script (packages/sandbox/ui/plaid-link/script.ts), loaded by the sandbox
 * shim (useSandboxPlaidShim) as `/sandbox/plaid-link.js`. Static bytes: cacheable, revalidated by
 * ETag. It runs under the pages' nonce CSP ('strict-dynamic', lib/security/csp.ts) like any script
 * the page inserts.
 */
export const runtime = "nodejs";

const HEADERS = {
  "Content-Type": "text/javascript; charset=utf-8",
  "Cache-Control": "public, max-age=0, must-revalidate",
  ETag: PLAID_LINK_ETAG,
  "X-Content-Type-Options": "nosniff",
};

export function GET(req: Request): Response {
  if (req.headers.get("if-none-match") === PLAID_LINK_ETAG) return new Response(null, { status: 304, headers: HEADERS });
  return new Response(PLAID_LINK_SCRIPT, { headers: HEADERS });
}

import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "@/lib/config";
import { buildCsp, isFrameablePath, newNonce, type CspOptions } from "@/lib/security/csp";
import { HSTS, staticSecurityHeaders } from "@/lib/security/headers";
import { isWellFormedPath, MALFORMED_URL_PATH } from "@/lib/security/url-encoding";

type Site = Omit<CspOptions, "nonce" | "https" | "frameable"> & { appHttps: boolean };

/** What the policy depends on in this process's configuration (a bad one gets the strictest policy). */
function site(): Site {
  const dev = process.env.NODE_ENV === "development";
  try {
    const c = getConfig();
    return { dev, plaid: c.plaid.mode === "plaid", pluggy: c.pluggy.mode === "pluggy", google: c.google !== undefined, appOrigin: new URL(c.appUrl).origin, appHttps: c.appUrl.startsWith("https://") };
  } catch {
    return { dev, plaid: false, pluggy: false, google: false, appOrigin: undefined, appHttps: false };
  }
}

/**
 * Every page: a per-request nonce Content-Security-Policy (Next.js reads the nonce from the
 * request's CSP header and puts it on its own scripts) and the security headers. API routes get
 * theirs from next.config.ts. Also tells pages which URL was asked for, so a signed-out visitor is
 * sent to sign-in and back to exactly that page (layouts and pages cannot see the URL otherwise).
 * A path with malformed percent-encoding (`/books/%E0%A4%A`) is answered by the not-found page with
 * 404: Next.js's router would throw decoding it and answer a plain-text 500.
 */
export function proxy(request: NextRequest) {
  const s = site();
  const https = s.appHttps || request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const frameable = isFrameablePath(request.nextUrl.pathname);
  const nonce = newNonce();
  const csp = buildCsp({ nonce, dev: s.dev, plaid: s.plaid, pluggy: s.pluggy, google: s.google, appOrigin: s.appOrigin, https, frameable });

  const wellFormed = isWellFormedPath(request.nextUrl.pathname);
  const headers = new Headers(request.headers);
  headers.set("x-return-to", wellFormed ? request.nextUrl.pathname + request.nextUrl.search : "/books");
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = wellFormed ? NextResponse.next({ request: { headers } }) : NextResponse.rewrite(new URL(MALFORMED_URL_PATH, request.url), { status: 404, request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  for (const h of staticSecurityHeaders(frameable ? "sameorigin" : "deny")) response.headers.set(h.key, h.value);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = { matcher: ["/((?!_next/|api/|favicon.ico).*)"] };

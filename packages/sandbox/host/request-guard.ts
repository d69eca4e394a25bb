/**
 * What the hosted sandbox refuses before it reads a request: calls from another website, and
 * bodies that are not JSON. A page on another origin can POST `text/plain` (or a form) without a
 * CORS preflight; with these checks it cannot drive the sandbox banks at all:
 *
 *   - `Sec-Fetch-Site: cross-site`, or an `Origin` that is neither the app's (APP_URL) nor the
 *     request's own host, is refused (403). No Origin at all is a server-to-server call (the
 *     app's SDK clients, tests, scripts) and is let through: it needs the API keys anyway.
 *   - POST, PUT and PATCH must say `Content-Type: application/json` (415).
 *
 * The browser stand-ins (Plaid Link, the Pluggy Connect page) run on the app's own pages and send
 * JSON with their own origin, so they pass. Answers are in each caller's shape (the routes build them).
 */

export type GuardRefusal = { status: 403 | 415; reason: "cross-site" | "content-type"; message: string };

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Why a call from a browser on another site is refused, or null for same-origin and server-to-server calls. */
export function crossSiteRefusal(req: Request, appOrigin: string): GuardRefusal | null {
  const refuse = (detail: string): GuardRefusal => ({
    status: 403,
    reason: "cross-site",
    message: `The sandbox banks answer only this portal's own pages and servers (${detail}).`,
  });
  if ((req.headers.get("sec-fetch-site") ?? "").toLowerCase() === "cross-site") return refuse("Sec-Fetch-Site: cross-site");
  const origin = req.headers.get("origin");
  if (origin === null) return null;
  if (origin === appOrigin) return null;
  // The portal reached under another name than APP_URL (localhost vs 127.0.0.1): the browser's
  // Origin then names the host it asked, as Next.js's own server-action check accepts.
  const host = req.headers.get("host");
  if (host && hostOf(origin) === host) return null;
  return refuse(`Origin ${origin.slice(0, 100)} is not ${appOrigin}`);
}

/** Why a body-carrying call is refused for its content type, or null. */
export function contentTypeRefusal(req: Request): GuardRefusal | null {
  if (!BODY_METHODS.has(req.method.toUpperCase())) return null;
  if (JSON_TYPE.test(req.headers.get("content-type") ?? "")) return null;
  return { status: 415, reason: "content-type", message: "Send a JSON body (Content-Type: application/json)." };
}

/** Both checks, cross-site first. */
export function guardRequest(req: Request, appOrigin: string): GuardRefusal | null {
  return crossSiteRefusal(req, appOrigin) ?? contentTypeRefusal(req);
}

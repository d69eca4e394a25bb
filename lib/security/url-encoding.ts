/**
 * Malformed percent-encoding in a request path (`/books/%E0%A4%A`, `/books/%ZZ`, `/%`): Next.js's
 * router throws when it decodes such a segment as a dynamic route's parameter, and answered a
 * plain-text 500. proxy.ts checks the path first and serves the not-found page (404) instead.
 * (A query string needs nothing: Next.js reads a malformed escape there as the literal text, and
 * has already re-encoded it by the time the proxy sees the request.)
 */

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** Whether every path segment decodes (well-formed `%XX` escapes of valid UTF-8). */
export function isWellFormedPath(pathname: string): boolean {
  return pathname.split("/").every(decodes);
}

/** Where a malformed path is rewritten: a path no route matches, so the app's not-found page answers it with 404. */
export const MALFORMED_URL_PATH = "/not-found";

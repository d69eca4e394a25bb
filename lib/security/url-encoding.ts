/**
 * Malformed percent-encoding in a request URL (`/books/%E0%A4%A`, `/books/%ZZ`, `?q=%ZZ`): Next.js's
 * router throws when it decodes such a segment as a dynamic route's parameter and answered a
 * plain-text 500. proxy.ts checks the URL first and serves the not-found page (404) instead.
 */

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
}

/** Whether every path segment decodes (well-formed `%XX` escapes of valid UTF-8). */
export function isWellFormedPath(pathname: string): boolean {
  return pathname.split("/").every(decodes);
}

/** Whether every name and value of the query string decodes (`+` is a space, as forms send it). */
export function isWellFormedQuery(search: string): boolean {
  const query = search.startsWith("?") ? search.slice(1) : search;
  return query === "" || query.split("&").every((pair) => pair.split("=").every((part) => decodes(part.replace(/\+/g, " "))));
}

/** Whether Next.js and the app can read this URL's path and query as text. */
export function isWellFormedUrl(url: { pathname: string; search: string }): boolean {
  return isWellFormedPath(url.pathname) && isWellFormedQuery(url.search);
}

/** Where a malformed URL is rewritten: a path no route matches, so the app's not-found page answers it with 404. */
export const MALFORMED_URL_PATH = "/not-found";

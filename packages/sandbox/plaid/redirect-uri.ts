/**
 * `redirect_uri` on /link/token/create, checked as Plaid checks it: an absolute http(s) URL, https
 * unless the host is localhost / 127.0.0.1 (what Plaid's Sandbox allows for local development),
 * no query string (Plaid appends `?oauth_state_id=…`) and no fragment. Plaid also requires it on
 * the dashboard's allowed list; the sandbox has no dashboard and accepts any URL that passes here.
 */
import { PlaidApiError } from "./errors";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The normalised redirect URI, `null` for none (`""`/absent), or INVALID_FIELD. */
export function checkRedirectUri(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || raw === "") return null;
  const bad = (why: string) => new PlaidApiError("INVALID_FIELD", `redirect_uri ${why}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad("must be an absolute URL, like https://app.example.com/oauth/plaid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw bad("must use https");
  if (url.protocol === "http:" && !LOCAL_HOSTS.has(url.hostname)) throw bad("must use https (http is allowed only for localhost and 127.0.0.1)");
  if (url.username || url.password) throw bad("must not contain credentials");
  if (raw.includes("#")) throw bad("must not contain a fragment");
  if (raw.includes("?")) throw bad("must not contain query parameters");
  return url.toString();
}

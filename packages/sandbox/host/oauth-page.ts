/**
 * The sandbox bank's OAuth consent page as the app serves it (app/sandbox/plaid/oauth/[stateId]):
 *   GET  → the page (200), or why there is none (404 unknown, 410 expired, 409 already answered)
 *   POST (a form: decision=approve|deny, account_ids…) → 303 to `<redirect_uri>?oauth_state_id=…`,
 *        or the page again with the problem (400: no account chosen).
 * The oauth_state_id in the path is the only credential, as the bank's session would be.
 */
import type { AppSandbox } from "./instance";
import { renderConsentPage, renderConsentProblem } from "@bank-connections/sandbox/ui/plaid-oauth-page";

const MAX_FORM_BYTES = 64 * 1024;
const STATUS = { not_found: 404, expired: 410, answered: 409 } as const;

function html(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff" },
  });
}

function languageOf(req: Request): string | undefined {
  return req.headers.get("accept-language")?.split(",")[0]?.trim() || undefined;
}

export async function handlePlaidOAuthPage(sb: Pick<AppSandbox, "plaid"> | null, req: Request, stateId: string | undefined): Promise<Response> {
  const plaid = sb?.plaid;
  if (!plaid) return new Response("not found", { status: 404 });
  const id = (stateId ?? "").slice(0, 100);
  if (req.method === "GET" || req.method === "HEAD") {
    const r = await plaid.oauthConsent(id);
    return r.ok ? html(200, renderConsentPage(r.view)) : html(STATUS[r.reason], renderConsentProblem(r.reason, languageOf(req)));
  }
  if (req.method !== "POST") return new Response("method not allowed", { status: 405, headers: { Allow: "GET, POST" } });
  let form: URLSearchParams;
  try {
    const text = await req.text();
    if (Buffer.byteLength(text) > MAX_FORM_BYTES) return html(413, renderConsentProblem("not_found", languageOf(req)));
    form = new URLSearchParams(text);
  } catch {
    form = new URLSearchParams();
  }
  const decision = form.get("decision");
  const accountIds = form.getAll("account_ids").filter((v) => v.length > 0 && v.length <= 200);
  if (decision !== "approve" && decision !== "deny") {
    const r = await plaid.oauthConsent(id);
    return r.ok ? html(400, renderConsentPage(r.view, { checked: accountIds })) : html(STATUS[r.reason], renderConsentProblem(r.reason, languageOf(req)));
  }
  const out = await plaid.oauthDecide(id, { approve: decision === "approve", accountIds });
  if (out.ok) return new Response(null, { status: 303, headers: { Location: out.redirectTo, "Cache-Control": "no-store" } });
  if (out.reason === "invalid") {
    const r = await plaid.oauthConsent(id);
    return r.ok ? html(400, renderConsentPage(r.view, { error: "chooseOne", checked: accountIds })) : html(STATUS[r.reason], renderConsentProblem(r.reason, languageOf(req)));
  }
  return html(STATUS[out.reason], renderConsentProblem(out.reason, languageOf(req)));
}

/**
 * The sandbox bank's OAuth consent page (Plaid OAuth institutions), rendered on the server as one
 * plain HTML document: no script at all (it works without JS and under any script CSP), styles
 * inline (the portal's CSP allows inline styles), texts from ui/messages (`oauth.*`), the bank's
 * brand colour with black or white text (readableTextOn, ≥ 4.5:1). host/oauth-page.ts serves it.
 */
import { readableTextOn } from "@bank-connections/ui/readable-text";
import type { OAuthConsentView } from "@bank-connections/sandbox/plaid/oauth";
import { pickSandboxLocale, sandboxTranslator, type SandboxTranslate } from "./messages/translate";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#0f172a;background:#f1f5f9;line-height:1.5}
.bar{padding:20px 24px}
.bar h1{margin:0;font-size:24px;line-height:1.25}
.note{margin:0;padding:8px 24px;background:#fef3c7;color:#78350f;font-size:14px}
main{max-width:560px;margin:24px auto;padding:0 16px}
.card{background:#fff;border:1px solid #cbd5e1;border-radius:12px;padding:24px}
p{margin:0 0 12px}
fieldset{margin:16px 0;padding:0;border:0}
legend{font-weight:700;margin-bottom:8px;padding:0}
.acct{display:flex;gap:12px;align-items:center;padding:10px 12px;border:1px solid #cbd5e1;border-radius:10px;margin-bottom:8px}
.acct input{width:20px;height:20px;margin:0}
.muted{color:#334155;font-size:14px}
ul{padding-left:20px}
.alert{padding:10px 12px;border-radius:10px;background:#fef2f2;border:1px solid #fca5a5;color:#7f1d1d}
.buttons{display:flex;gap:12px;margin-top:16px}
button{font:inherit;font-weight:700;font-size:16px;padding:10px 20px;border-radius:10px;cursor:pointer;min-width:120px}
.approve{background:#0f172a;color:#fff;border:2px solid #0f172a}
.deny{background:#fff;color:#0f172a;border:2px solid #475569}
button:focus-visible,input:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
`;

function document(lang: string, title: string, bank: { name: string; color: string } | null, body: string): string {
  const bg = bank?.color ?? "#334155";
  const fg = readableTextOn(bg);
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="bar" style="background:${esc(bg)};color:${fg}"><h1>${esc(bank?.name ?? title)}</h1></header>
${body}
</body>
</html>`;
}

/** The consent page: accounts (checkboxes, or the shared list in plain update mode), Approve, Deny. */
export function renderConsentPage(view: OAuthConsentView, opts: { error?: "chooseOne"; checked?: string[] } = {}): string {
  const locale = pickSandboxLocale(view.language);
  const t = sandboxTranslator(locale);
  const bank = view.institution.name;
  const app = view.clientName;
  const checked = opts.checked ? new Set(opts.checked) : null;
  const accountLabel = (a: OAuthConsentView["accounts"][number]) => `${esc(a.name)}${a.mask ? ` <span class="muted">•••• ${esc(a.mask)}</span>` : ""} <span class="muted">· ${esc(a.subtype)}</span>`;
  const accounts = view.accountChoice
    ? `<fieldset><legend>${esc(t("oauth.accountsLegend"))}</legend>${view.accounts
        .map(
          (a, i) =>
            `<label class="acct" for="acct-${i}"><input type="checkbox" id="acct-${i}" name="account_ids" value="${esc(a.id)}"${(checked ? checked.has(a.id) : a.checked) ? " checked" : ""}><span>${accountLabel(a)}</span></label>`,
        )
        .join("")}</fieldset>`
    : `<h2 style="font-size:16px;margin:16px 0 8px">${esc(t("oauth.accountsShared"))}</h2><ul>${view.accounts.map((a) => `<li>${accountLabel(a)}</li>`).join("")}</ul>`;
  const body = `<p class="note">${esc(t("oauth.sandboxBanner"))}</p>
<main><div class="card">
<p>${esc(t(view.mode === "update" ? "oauth.updateIntro" : "oauth.intro", { app, bank }))}</p>
<p class="muted">${esc(t("oauth.signedIn", { bank, user: view.username }))}</p>
${opts.error ? `<p class="alert" role="alert">${esc(t("oauth.chooseOne"))}</p>` : ""}
<form method="post">
${accounts}
<div class="buttons"><button type="submit" class="approve" name="decision" value="approve">${esc(t("oauth.approve"))}</button><button type="submit" class="deny" name="decision" value="deny" formnovalidate>${esc(t("oauth.deny"))}</button></div>
</form>
<p class="muted" style="margin-top:16px">${esc(t("oauth.returnNote", { app }))}</p>
</div></main>`;
  return document(locale, t("oauth.pageTitle", { bank }), { name: bank, color: view.institution.primaryColor }, body);
}

/** An unknown, expired or already answered request. */
export function renderConsentProblem(reason: "not_found" | "expired" | "answered", language?: string): string {
  const locale = pickSandboxLocale(language ?? "en");
  const t: SandboxTranslate = sandboxTranslator(locale);
  const [title, text] =
    reason === "expired" ? [t("oauth.expiredTitle"), t("oauth.expired")] : reason === "answered" ? [t("oauth.answeredTitle"), t("oauth.answered")] : [t("oauth.notFoundTitle"), t("oauth.notFound")];
  return document(locale, title, null, `<p class="note">${esc(t("oauth.sandboxBanner"))}</p><main><div class="card"><p role="alert">${esc(text)}</p></div></main>`);
}

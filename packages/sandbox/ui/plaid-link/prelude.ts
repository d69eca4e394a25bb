/** Plaid Link stand-in, part of the served script (see script.ts): the script header, its settings (the API base from data-api), the dialog's styles, DOM helpers and the API calls. */
export const PRELUDE = String.raw`/*
 * Plaid Link stand-in for the portal's local sandbox banks (no network, no Plaid account).
 *
 * Defines 'window.Plaid = { create(config) → { open, exit, destroy, submit }, createEmbedded }' as
 * react-plaid-link@5 uses it. The dialog talks to the Plaid emulator's Link endpoints
 * ('<api>/link/sandbox/session|login|complete', api = this script's 'data-api' attribute or
 * "/sandbox/plaid"), authenticated by the link token alone, and reports like Plaid Link:
 *   onSuccess(public_token, metadata)   onExit(error | null, metadata)   onEvent(name, metadata)
 * Events: OPEN, TRANSITION_VIEW, SELECT_INSTITUTION, SUBMIT_CREDENTIALS, SUBMIT_MFA, ERROR, EXIT, HANDOFF.
 * Plain DOM, no dependencies. Sandbox logins: user_good / pass_good; user_mfa / pass_good (code 1234).
 */
(function () {
  "use strict";
  if (typeof window === "undefined" || typeof document === "undefined") return;
  if (window.Plaid && window.Plaid.__sandbox) return;

  var script = document.currentScript;
  var API = ((script && script.getAttribute("data-api")) || "/sandbox/plaid").replace(/\/+$/, "");
  var P = "sbxpl";
  var uid = 0;

  // ── styles ────────────────────────────────────────────────────────────────────────────────
  var CSS = [
    "." + P + "-overlay{position:fixed;inset:0;z-index:2147483000;display:flex;align-items:center;justify-content:center;padding:16px;background:rgba(15,23,42,.55);font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#0f172a;-webkit-font-smoothing:antialiased}",
    "." + P + "-dialog{position:relative;display:flex;flex-direction:column;width:100%;max-width:380px;height:600px;max-height:calc(100vh - 32px);background:#fff;border-radius:16px;box-shadow:0 24px 64px rgba(15,23,42,.35);overflow:hidden;animation:" + P + "-in .16s ease-out}",
    "@keyframes " + P + "-in{from{opacity:0;transform:translateY(8px) scale(.98)}to{opacity:1;transform:none}}",
    "." + P + "-head{display:flex;align-items:center;gap:8px;padding:12px 12px 0 12px;min-height:44px}",
    "." + P + "-brand{flex:1;text-align:center;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#475569}",
    "." + P + "-brand b{color:#0f172a}",
    "." + P + "-icon{width:32px;height:32px;border:0;border-radius:999px;background:transparent;color:#334155;font-size:20px;line-height:32px;cursor:pointer;padding:0}",
    "." + P + "-icon:hover{background:#f1f5f9}",
    "." + P + "-icon:focus-visible,." + P + "-btn:focus-visible,." + P + "-inst:focus-visible,." + P + "-input:focus-visible,." + P + "-link:focus-visible{outline:2px solid #1f5fbf;outline-offset:2px}",
    "." + P + "-spacer{width:32px;height:32px}",
    "." + P + "-body{flex:1;overflow:auto;padding:8px 24px 16px}",
    "." + P + "-title{margin:8px 0 6px;font-size:22px;line-height:1.25;font-weight:700;letter-spacing:-.01em}",
    "." + P + "-text{margin:0 0 16px;font-size:14px;line-height:1.5;color:#475569}",
    "." + P + "-label{display:block;margin:0 0 6px;font-size:13px;font-weight:600;color:#334155}",
    "." + P + "-input{display:block;box-sizing:border-box;width:100%;height:44px;margin:0 0 14px;padding:0 12px;border:1px solid #cbd5e1;border-radius:10px;font:inherit;font-size:15px;color:#0f172a;background:#fff}",
    "." + P + "-input:focus{border-color:#1f5fbf}",
    "." + P + "-btn{display:flex;align-items:center;justify-content:center;gap:8px;box-sizing:border-box;width:100%;height:46px;margin-top:8px;border:0;border-radius:10px;background:#0f172a;color:#fff;font:inherit;font-size:15px;font-weight:600;cursor:pointer}",
    "." + P + "-btn:hover{background:#1e293b}",
    "." + P + "-btn[disabled]{background:#94a3b8;cursor:not-allowed}",
    "." + P + "-btn2{background:#fff;color:#0f172a;border:1px solid #cbd5e1}",
    "." + P + "-btn2:hover{background:#f8fafc}",
    "." + P + "-list{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}",
    "." + P + "-inst{display:flex;align-items:center;gap:12px;width:100%;box-sizing:border-box;padding:10px 12px;border:1px solid #e2e8f0;border-radius:12px;background:#fff;font:inherit;font-size:15px;text-align:left;color:#0f172a;cursor:pointer}",
    "." + P + "-inst:hover{border-color:#94a3b8;background:#f8fafc}",
    "." + P + "-logo{flex:none;display:inline-flex;align-items:center;justify-content:center;width:36px;height:36px;border-radius:10px;color:#fff;font-weight:700;font-size:16px}",
    "." + P + "-instname{flex:1;min-width:0}",
    "." + P + "-sub{display:block;font-size:12px;color:#475569;margin-top:2px}",
    "." + P + "-warn{color:#b45309}",
    "." + P + "-bank{display:flex;align-items:center;gap:12px;margin:4px 0 12px}",
    "." + P + "-bankname{font-size:14px;font-weight:600;color:#334155}",
    "." + P + "-alert{margin:0 0 14px;padding:10px 12px;border-radius:10px;background:#fef2f2;border:1px solid #fecaca;color:#991b1b;font-size:14px;line-height:1.4}",
    "." + P + "-alert:empty{display:none}",
    "." + P + "-hint{margin:16px 0 0;padding:10px 12px;border-radius:10px;background:#f1f5f9;color:#475569;font-size:12px;line-height:1.5}",
    "." + P + "-hint code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;color:#0f172a}",
    "." + P + "-acct{display:flex;align-items:center;gap:12px;padding:12px;border:1px solid #e2e8f0;border-radius:12px;cursor:pointer}",
    "." + P + "-acct:hover{background:#f8fafc}",
    "." + P + "-acct input{width:18px;height:18px;accent-color:#0f172a;margin:0}",
    "." + P + "-fieldset{border:0;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}",
    "." + P + "-center{display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center;min-height:320px}",
    "." + P + "-spin{width:36px;height:36px;border-radius:999px;border:3px solid #e2e8f0;border-top-color:#0f172a;animation:" + P + "-rot .8s linear infinite;margin-bottom:16px}",
    "@keyframes " + P + "-rot{to{transform:rotate(360deg)}}",
    "." + P + "-badge{display:inline-flex;align-items:center;justify-content:center;width:56px;height:56px;border-radius:999px;background:#fee2e2;color:#b91c1c;font-size:28px;font-weight:700;margin-bottom:12px}",
    "." + P + "-foot{padding:10px 24px 14px;border-top:1px solid #f1f5f9;font-size:11px;color:#475569;text-align:center}",
    "." + P + "-sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}",
    "." + P + "-embed{display:flex;flex-direction:column;gap:8px;padding:16px;border:1px solid #e2e8f0;border-radius:12px;background:#fff;font-family:ui-sans-serif,system-ui,sans-serif;color:#0f172a}",
    "@media (max-width:480px){." + P + "-overlay{padding:0}." + P + "-dialog{max-width:none;height:100%;max-height:none;border-radius:0}}",
  ].join("\n");

  function ensureStyles() {
    if (document.getElementById(P + "-style")) return;
    var style = document.createElement("style");
    style.id = P + "-style";
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  // ── DOM helpers ───────────────────────────────────────────────────────────────────────────
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") el.className = v;
        else if (k === "text") el.textContent = v;
        else if (k.slice(0, 2) === "on" && typeof v === "function") el.addEventListener(k.slice(2), v);
        else if (k === "checked" || k === "disabled" || k === "value") el[k] = v;
        else el.setAttribute(k, v === true ? "" : String(v));
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  function cls(name) {
    return P + "-" + name;
  }

  /** White or black, whichever reads better on a bank's colour (WCAG contrast: one of them is always >= 4.58:1). */
  function readableOn(hex) {
    var m = /^#([0-9a-f]{6})$/i.exec(hex);
    if (!m) return "#fff";
    var lum = [0, 2, 4].reduce(function (sum, i, k) {
      var c = parseInt(m[1].slice(i, i + 2), 16) / 255;
      return sum + [0.2126, 0.7152, 0.0722][k] * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }, 0);
    return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05 ? "#fff" : "#000";
  }

  function logo(name, color) {
    var letter = (name || "?").replace(/^(the|first)\s+/i, "").charAt(0).toUpperCase() || "?";
    var bg = /^#[0-9a-f]{3,8}$/i.test(color || "") ? color : "#334155";
    return h("span", { class: cls("logo"), style: "background:" + bg + ";color:" + readableOn(bg), "aria-hidden": "true", text: letter });
  }

  function focusables(root) {
    return Array.prototype.slice
      .call(root.querySelectorAll("button,input,select,textarea,a[href],[tabindex]:not([tabindex='-1'])"))
      .filter(function (el) {
        return !el.disabled && el.tabIndex >= 0 && el.offsetParent !== null && window.getComputedStyle(el).visibility !== "hidden";
      });
  }

  function newId() {
    try {
      if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    } catch {
      /* fall through */
    }
    return "sbx-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }

  // ── API ───────────────────────────────────────────────────────────────────────────────────
  function post(path, body) {
    return fetch(API + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    }).then(
      function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            if (res.ok && data) return { ok: true, data: data };
            if (data && typeof data.error_code === "string") return { ok: false, error: data };
            return { ok: false, error: apiError("The sandbox answered " + res.status + ".") };
          });
      },
      function () {
        return { ok: false, error: apiError("The sandbox could not be reached. Check that the portal is running.") };
      },
    );
  }

  function apiError(message) {
    return { error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR", error_message: message, display_message: message, request_id: "" };
  }

  function publicError(e) {
    return {
      error_type: e.error_type || "API_ERROR",
      error_code: e.error_code || "INTERNAL_SERVER_ERROR",
      error_message: e.error_message || "",
      display_message: e.display_message === undefined ? null : e.display_message,
    };
  }

  var VIEW_STATUS = { SELECT_INSTITUTION: null, CREDENTIAL: "requires_credentials", MFA: "requires_code", SELECT_ACCOUNT: "requires_account_selection", OAUTH: "requires_oauth", ERROR: null, LOADING: null };
`;

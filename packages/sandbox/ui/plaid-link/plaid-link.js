/*
 * Plaid Link stand-in for the portal's local sandbox banks (no network, no Plaid account).
 *
 * Defines `window.Plaid = { create(config) → { open, exit, destroy, submit }, createEmbedded }` as
 * react-plaid-link@5 uses it. The dialog talks to the Plaid emulator's Link endpoints
 * (`<api>/link/sandbox/session|login|complete`, api = this script's `data-api` attribute or
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
    "." + P + "-brand{flex:1;text-align:center;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#64748b}",
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
    "." + P + "-sub{display:block;font-size:12px;color:#64748b;margin-top:2px}",
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
    "." + P + "-foot{padding:10px 24px 14px;border-top:1px solid #f1f5f9;font-size:11px;color:#64748b;text-align:center}",
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

  var VIEW_STATUS = { SELECT_INSTITUTION: null, CREDENTIAL: "requires_credentials", MFA: "requires_code", SELECT_ACCOUNT: "requires_account_selection", ERROR: null, LOADING: null };

  // ── a Link handler ────────────────────────────────────────────────────────────────────────
  function create(config) {
    config = config || {};
    var token = config.token || null;
    var destroyed = false;
    var s = null; // the state of the open dialog, null when closed

    function emit(name, extra) {
      if (typeof config.onEvent !== "function") return;
      var inst = s && s.institution;
      var meta = {
        account_number_mask: null,
        error_type: null,
        error_code: null,
        error_message: null,
        exit_status: null,
        institution_id: inst ? inst.institution_id : null,
        institution_name: inst ? inst.name : null,
        institution_search_query: s && s.query ? s.query : null,
        is_update_mode: s && s.session && s.session.mode === "update" ? "true" : "false",
        match_reason: null,
        mfa_type: null,
        routing_number: null,
        selection: null,
        view_name: s ? s.view : null,
        timestamp: new Date().toISOString(),
        link_session_id: s ? s.linkSessionId : "",
        request_id: s ? s.requestId : "",
      };
      Object.keys(extra || {}).forEach(function (k) {
        meta[k] = extra[k];
      });
      try {
        config.onEvent(name, meta);
      } catch (e) {
        console.error("[plaid-link sandbox] onEvent threw", e);
      }
    }

    function exitMetadata() {
      var inst = s && s.institution;
      return {
        institution: inst ? { name: inst.name, institution_id: inst.institution_id } : null,
        status: s ? (VIEW_STATUS[s.view] === undefined ? null : VIEW_STATUS[s.view]) : null,
        link_session_id: s ? s.linkSessionId : "",
        request_id: s ? s.requestId : "",
      };
    }

    function teardown() {
      if (!s) return;
      document.removeEventListener("keydown", s.onKey, true);
      if (s.overlay && s.overlay.parentNode) s.overlay.parentNode.removeChild(s.overlay);
      document.documentElement.style.overflow = s.prevOverflow;
      var back = s.returnFocus;
      s = null;
      if (back && typeof back.focus === "function" && document.contains(back)) {
        try {
          back.focus();
        } catch {
          /* ignore */
        }
      }
    }

    /** The user (or exit()) closes Link: EXIT event, then onExit(last error | given error, metadata). */
    function finishExit(error) {
      if (!s) return;
      var err = error || s.lastError;
      var meta = exitMetadata();
      emit("EXIT", { exit_status: meta.status, error_code: err ? err.error_code : null, error_type: err ? err.error_type : null, error_message: err ? err.error_message : null });
      teardown();
      if (typeof config.onExit === "function") {
        try {
          config.onExit(err ? publicError(err) : null, meta);
        } catch (e) {
          console.error("[plaid-link sandbox] onExit threw", e);
        }
      }
    }

    function finishSuccess(data) {
      emit("HANDOFF", {});
      teardown();
      if (typeof config.onSuccess === "function") config.onSuccess(data.public_token, data.metadata);
    }

    function recordError(err) {
      if (!s) return;
      s.lastError = err;
      if (err.request_id) s.requestId = err.request_id;
      emit("ERROR", { error_code: err.error_code, error_type: err.error_type, error_message: err.error_message });
    }

    // ── rendering ──
    function setView(view, build) {
      if (!s) return;
      var changed = s.view !== view;
      s.view = view;
      var titleId = P + "-title-" + s.id;
      var content = build(titleId);
      s.body.textContent = "";
      s.body.appendChild(content);
      s.dialog.setAttribute("aria-labelledby", titleId);
      s.back.style.visibility = s.canGoBack && (view === "CREDENTIAL" || view === "ERROR") ? "visible" : "hidden";
      s.back.setAttribute("aria-hidden", s.back.style.visibility === "hidden" ? "true" : "false");
      s.back.tabIndex = s.back.style.visibility === "hidden" ? -1 : 0;
      if (changed && view !== "LOADING") emit("TRANSITION_VIEW", {});
      var first = s.body.querySelector("[data-autofocus]") || s.body.querySelector("input,button") || s.dialog;
      setTimeout(function () {
        if (s && first && document.contains(first)) first.focus();
      }, 0);
    }

    function title(id, text) {
      return h("h2", { id: id, class: cls("title"), text: text, tabindex: "-1" });
    }

    function busy(button, label) {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      button.textContent = label;
    }

    function showLoading(text) {
      setView("LOADING", function (titleId) {
        return h("div", { class: cls("center"), role: "status" }, [h("div", { class: cls("spin"), "aria-hidden": "true" }), title(titleId, text)]);
      });
    }

    function showInstitutions() {
      var session = s.session;
      s.institution = null;
      setView("SELECT_INSTITUTION", function (titleId) {
        var list = h("ul", { class: cls("list"), "aria-label": "Banks" });
        var empty = h("p", { class: cls("text"), role: "status" });
        var searchId = P + "-search-" + s.id;
        var search = h("input", {
          id: searchId,
          class: cls("input"),
          type: "search",
          autocomplete: "off",
          placeholder: "Bank name",
          value: s.query || "",
          "data-autofocus": "true",
          oninput: function () {
            s.query = search.value;
            fill();
          },
        });
        function fill() {
          var q = (s.query || "").trim().toLowerCase();
          list.textContent = "";
          var shown = session.institutions.filter(function (i) {
            return !q || i.name.toLowerCase().indexOf(q) !== -1;
          });
          shown.forEach(function (inst) {
            var note = inst.status === "DOWN" ? "Currently unavailable" : inst.status === "DEGRADED" ? "Connections may be slow" : (inst.country_codes || []).join(", ");
            list.appendChild(
              h("li", null, [
                h(
                  "button",
                  {
                    type: "button",
                    class: cls("inst"),
                    onclick: function () {
                      chooseInstitution(inst);
                    },
                  },
                  [
                    logo(inst.name, inst.primary_color),
                    h("span", { class: cls("instname") }, [inst.name, h("span", { class: cls("sub") + (inst.status === "DOWN" || inst.status === "DEGRADED" ? " " + cls("warn") : ""), text: note })]),
                  ],
                ),
              ]),
            );
          });
          empty.textContent = shown.length === 0 ? "No banks match \u201c" + s.query.trim() + "\u201d." : "";
        }
        fill();
        return h("div", null, [
          title(titleId, "Select your bank"),
          h("p", { class: cls("text"), text: (session.client_name || "This app") + " uses Plaid to connect your accounts." }),
          h("label", { class: cls("label"), for: searchId, text: "Search for your bank" }),
          search,
          empty,
          list,
        ]);
      });
    }

    function chooseInstitution(inst) {
      s.institution = inst;
      emit("SELECT_INSTITUTION", {});
      showCredentials();
    }

    function hint() {
      return h("p", { class: cls("hint") }, [
        "Sandbox: ",
        h("code", { text: "user_good" }),
        " / ",
        h("code", { text: "pass_good" }),
        ". MFA: ",
        h("code", { text: "user_mfa" }),
        " (code ",
        h("code", { text: "1234" }),
        ").",
      ]);
    }

    function bankLine(inst) {
      return h("div", { class: cls("bank") }, [logo(inst.name, inst.primary_color), h("span", { class: cls("bankname"), text: inst.name })]);
    }

    function showCredentials(message) {
      var inst = s.institution;
      var update = s.session.mode === "update";
      setView("CREDENTIAL", function (titleId) {
        var uId = P + "-user-" + s.id;
        var pId = P + "-pass-" + s.id;
        var alert = h("div", { class: cls("alert"), role: "alert", text: message || "" });
        var user = h("input", { id: uId, class: cls("input"), name: "username", autocomplete: "username", value: s.username || "", "data-autofocus": s.username ? null : "true", required: true });
        var pass = h("input", { id: pId, class: cls("input"), name: "password", type: "password", autocomplete: "current-password", "data-autofocus": s.username ? "true" : null, required: true });
        var submit = h("button", { type: "submit", class: cls("btn"), text: "Continue" });
        var form = h(
          "form",
          {
            novalidate: true,
            onsubmit: function (ev) {
              ev.preventDefault();
              if (!user.value.trim() || !pass.value) {
                alert.textContent = "Enter your username and password.";
                (user.value.trim() ? pass : user).focus();
                return;
              }
              s.username = user.value.trim();
              s.password = pass.value;
              emit("SUBMIT_CREDENTIALS", {});
              busy(submit, "Connecting\u2026");
              login(null);
            },
          },
          [alert, h("label", { class: cls("label"), for: uId, text: "Username" }), user, h("label", { class: cls("label"), for: pId, text: "Password" }), pass, submit],
        );
        return h("div", null, [
          bankLine(inst),
          title(titleId, update ? "Reconnect your account" : "Enter your credentials"),
          h("p", {
            class: cls("text"),
            text: update ? "Your connection to " + inst.name + " needs attention. Sign in again to keep it working." : "Sign in to " + inst.name + " to share your accounts with " + (s.session.client_name || "this app") + ".",
          }),
          form,
          hint(),
        ]);
      });
    }

    function showMfa(prompt, message) {
      setView("MFA", function (titleId) {
        var cId = P + "-code-" + s.id;
        var alert = h("div", { class: cls("alert"), role: "alert", text: message || "" });
        var code = h("input", { id: cId, class: cls("input"), name: "code", inputmode: "numeric", autocomplete: "one-time-code", "data-autofocus": "true", required: true });
        var submit = h("button", { type: "submit", class: cls("btn"), text: "Continue" });
        var form = h(
          "form",
          {
            novalidate: true,
            onsubmit: function (ev) {
              ev.preventDefault();
              if (!code.value.trim()) {
                alert.textContent = "Enter the code.";
                code.focus();
                return;
              }
              emit("SUBMIT_MFA", { mfa_type: "code" });
              busy(submit, "Verifying\u2026");
              login(code.value.trim());
            },
          },
          [alert, h("label", { class: cls("label"), for: cId, text: "Code" }), code, submit],
        );
        return h("div", null, [bankLine(s.institution), title(titleId, "Enter your code"), h("p", { class: cls("text"), text: prompt || "Enter the code sent to your device." }), form]);
      });
    }

    function showAccounts(accounts) {
      setView("SELECT_ACCOUNT", function (titleId) {
        var boxes = [];
        var submit = h("button", { type: "submit", class: cls("btn"), text: "Continue" });
        function sync() {
          submit.disabled = !boxes.some(function (b) {
            return b.checked;
          });
        }
        var rows = accounts.map(function (a) {
          var box = h("input", { type: "checkbox", value: a.id, checked: true, onchange: sync });
          boxes.push(box);
          var detail = [a.mask ? "\u2022\u2022\u2022\u2022 " + a.mask : null, a.subtype].filter(Boolean).join(" \u00b7 ");
          return h("label", { class: cls("acct") }, [box, h("span", { class: cls("instname") }, [a.name, h("span", { class: cls("sub"), text: detail })])]);
        });
        var legendId = P + "-legend-" + s.id;
        var form = h(
          "form",
          {
            onsubmit: function (ev) {
              ev.preventDefault();
              var ids = boxes
                .filter(function (b) {
                  return b.checked;
                })
                .map(function (b) {
                  return b.value;
                });
              if (ids.length === 0) return;
              emit("SELECT_ACCOUNT", { selection: ids.join(",") });
              busy(submit, "Connecting\u2026");
              complete(ids);
            },
          },
          [h("fieldset", { class: cls("fieldset"), "aria-labelledby": legendId }, [h("legend", { id: legendId, class: cls("sr"), text: "Accounts" })].concat(rows)), submit],
        );
        return h("div", null, [
          bankLine(s.institution),
          title(titleId, "Select accounts"),
          h("p", { class: cls("text"), text: "Choose the accounts " + (s.session.client_name || "this app") + " may see." }),
          form,
        ]);
      });
    }

    function showError(err) {
      setView("ERROR", function (titleId) {
        var retry = s.canGoBack
          ? h("button", {
              type: "button",
              class: cls("btn") + " " + cls("btn2"),
              text: "Choose another bank",
              onclick: function () {
                showInstitutions();
              },
            })
          : null;
        return h("div", { class: cls("center") }, [
          h("span", { class: cls("badge"), "aria-hidden": "true", text: "!" }),
          title(titleId, err.error_type === "INSTITUTION_ERROR" ? "This bank is not available" : "Something went wrong"),
          h("p", { class: cls("text"), role: "alert", text: err.display_message || err.error_message || "Please try again later." }),
          h("p", { class: cls("sub"), text: "Error code: " + err.error_code }),
          h("div", { style: "width:100%" }, [
            retry,
            h("button", {
              type: "button",
              class: cls("btn"),
              text: "Exit",
              "data-autofocus": "true",
              onclick: function () {
                finishExit(null);
              },
            }),
          ]),
        ]);
      });
    }

    // ── flow ──
    function handleFailure(err, retryView) {
      if (!s) return;
      recordError(err);
      if (err.error_code === "INVALID_LINK_TOKEN") {
        finishExit(err);
        return;
      }
      if (err.error_code === "INVALID_CREDENTIALS" && retryView === "CREDENTIAL") {
        showCredentials(err.display_message || "The provided credentials were not correct. Please try again.");
        return;
      }
      if (err.error_code === "INVALID_MFA" && retryView === "MFA") {
        showMfa(s.mfaPrompt, err.display_message || "The code was not correct. Please try again.");
        return;
      }
      showError(err);
    }

    function login(mfaCode) {
      var current = s;
      var body = { link_token: token, institution_id: s.institution.institution_id, username: s.username, password: s.password };
      if (mfaCode) body.mfa_code = mfaCode;
      post("/link/sandbox/login", body).then(function (r) {
        if (!s || s !== current) return;
        if (!r.ok) {
          handleFailure(r.error, mfaCode ? "MFA" : "CREDENTIAL");
          return;
        }
        if (r.data.request_id) s.requestId = r.data.request_id;
        if (r.data.mfa) {
          s.mfaPrompt = r.data.mfa.message;
          showMfa(s.mfaPrompt, null);
          return;
        }
        s.password = null;
        s.serverSessionId = r.data.link_session_id;
        var accounts = r.data.accounts || [];
        if (s.session.mode === "update" && !s.session.account_selection_enabled) {
          showLoading("Reconnecting\u2026");
          complete(null);
        } else showAccounts(accounts);
      });
    }

    function complete(accountIds) {
      var current = s;
      var body = { link_token: token, link_session_id: s.serverSessionId };
      if (accountIds) body.account_ids = accountIds;
      post("/link/sandbox/complete", body).then(function (r) {
        if (!s || s !== current) return;
        if (!r.ok) {
          handleFailure(r.error, "SELECT_ACCOUNT");
          return;
        }
        if (r.data.request_id) s.requestId = r.data.request_id;
        finishSuccess(r.data);
      });
    }

    function open() {
      if (destroyed || s) return;
      ensureStyles();
      var id = ++uid;
      var overlay = h("div", { class: cls("overlay") });
      var dialog = h("div", { class: cls("dialog"), role: "dialog", "aria-modal": "true", tabindex: "-1" });
      var back = h("button", {
        type: "button",
        class: cls("icon"),
        "aria-label": "Back",
        text: "\u2039",
        onclick: function () {
          if (s) showInstitutions();
        },
      });
      var close = h("button", {
        type: "button",
        class: cls("icon"),
        "aria-label": "Close",
        text: "\u00d7",
        onclick: function () {
          finishExit(null);
        },
      });
      var body = h("div", { class: cls("body") });
      dialog.appendChild(h("div", { class: cls("head") }, [back, h("span", { class: cls("brand") }, [h("b", { text: "Plaid" }), " \u00b7 Sandbox"]), close]));
      dialog.appendChild(body);
      dialog.appendChild(h("div", { class: cls("foot"), text: "Local sandbox \u2014 no real bank is contacted." }));
      overlay.appendChild(dialog);
      overlay.addEventListener("mousedown", function (ev) {
        if (ev.target === overlay) ev.preventDefault();
      });

      s = {
        id: id,
        overlay: overlay,
        dialog: dialog,
        body: body,
        back: back,
        view: null,
        session: null,
        institution: null,
        canGoBack: false,
        query: "",
        username: "",
        password: null,
        mfaPrompt: null,
        serverSessionId: null,
        lastError: null,
        linkSessionId: newId(),
        requestId: "",
        returnFocus: document.activeElement,
        prevOverflow: document.documentElement.style.overflow,
        onKey: null,
      };
      s.onKey = function (ev) {
        if (!s) return;
        if (ev.key === "Escape") {
          ev.preventDefault();
          ev.stopPropagation();
          finishExit(null);
          return;
        }
        if (ev.key === "Tab") {
          var items = focusables(s.dialog);
          if (items.length === 0) {
            ev.preventDefault();
            s.dialog.focus();
            return;
          }
          var firstEl = items[0];
          var lastEl = items[items.length - 1];
          var active = document.activeElement;
          if (!s.dialog.contains(active)) {
            ev.preventDefault();
            firstEl.focus();
          } else if (ev.shiftKey && (active === firstEl || active === s.dialog)) {
            ev.preventDefault();
            lastEl.focus();
          } else if (!ev.shiftKey && active === lastEl) {
            ev.preventDefault();
            firstEl.focus();
          }
        }
      };
      document.addEventListener("keydown", s.onKey, true);
      document.documentElement.style.overflow = "hidden";
      document.body.appendChild(overlay);
      emit("OPEN", {});
      showLoading("Connecting to the sandbox\u2026");

      var current = s;
      if (!token) {
        recordError({ error_type: "INVALID_INPUT", error_code: "INVALID_LINK_TOKEN", error_message: "link token is required", display_message: null });
        finishExit(null);
        return;
      }
      post("/link/sandbox/session", { link_token: token }).then(function (r) {
        if (!s || s !== current) return;
        if (!r.ok) {
          recordError(r.error);
          if (r.error.error_code === "INVALID_LINK_TOKEN") finishExit(null);
          else showError(r.error);
          return;
        }
        var session = r.data;
        s.session = session;
        if (session.request_id) s.requestId = session.request_id;
        session.institutions = session.institutions || [];
        if (session.mode === "update" && session.update_item) {
          s.institution = session.update_item.institution || { institution_id: "", name: "Your bank", primary_color: null };
          s.username = session.update_item.username || "";
          s.canGoBack = false;
          showCredentials(null);
          return;
        }
        var pre = session.institution_id
          ? session.institutions.filter(function (i) {
              return i.institution_id === session.institution_id;
            })[0]
          : null;
        if (pre) {
          s.canGoBack = false;
          s.institution = pre;
          emit("SELECT_INSTITUTION", {});
          showCredentials(null);
          return;
        }
        s.canGoBack = true;
        showInstitutions();
      });
    }

    function exit(_opts) {
      if (s) finishExit(null);
    }

    function destroy() {
      destroyed = true;
      teardown();
    }

    function submit(_data) {
      /* Layer (phone / date of birth) is not part of the sandbox. */
    }

    // Plaid Link calls onLoad once its iframe is ready; here the handler is ready at once.
    setTimeout(function () {
      if (!destroyed && typeof config.onLoad === "function") config.onLoad();
    }, 0);

    return { open: open, exit: exit, destroy: destroy, submit: submit };
  }

  /** Embedded Link: a small card in `target` whose button opens the same dialog. */
  function createEmbedded(config, target) {
    ensureStyles();
    var handler = create(config);
    var card = h("div", { class: cls("embed") }, [
      h("strong", { text: "Connect your bank account" }),
      h("span", { class: cls("sub"), text: "Plaid \u00b7 local sandbox" }),
      h("button", { type: "button", class: cls("btn"), text: "Continue", onclick: handler.open }),
    ]);
    if (target && typeof target.appendChild === "function") target.appendChild(card);
    return {
      destroy: function () {
        handler.destroy();
        if (card.parentNode) card.parentNode.removeChild(card);
      },
    };
  }

  window.Plaid = { create: create, createEmbedded: createEmbedded, version: "sandbox", __sandbox: true };
})();

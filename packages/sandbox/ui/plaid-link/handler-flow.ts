/** Plaid Link stand-in, part of the served script (see script.ts): the handler's flow: login, MFA, completion, open/exit/destroy. */
export const HANDLER_FLOW = String.raw`    // ── flow ──
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

    /**
     * One call of this Link session: ignored when the session ended or changed meanwhile; a failure
     * goes to onError (default: handleFailure for retryView); success keeps the request id.
     */
    function step(path, body, retryView, onOk, onError) {
      var current = s;
      post(path, body).then(function (r) {
        if (!s || s !== current) return;
        if (!r.ok) {
          if (onError) onError(r.error);
          else handleFailure(r.error, retryView);
          return;
        }
        if (r.data.request_id) s.requestId = r.data.request_id;
        onOk(r.data);
      });
    }

    function complete(accountIds) {
      var body = { link_token: token, link_session_id: s.serverSessionId };
      if (accountIds) body.account_ids = accountIds;
      step("/link/sandbox/complete", body, "SELECT_ACCOUNT", finishSuccess);
    }

    /** Starts the OAuth hand-off on the server, then leaves for the bank's consent page. */
    function startOAuth(button) {
      var body = { link_token: token };
      if (s.session.mode !== "update") body.institution_id = s.institution.institution_id;
      step("/link/sandbox/oauth/start", body, "OAUTH", function (data) {
        emit("OPEN_OAUTH", {});
        window.location.assign(API + data.consent_path);
      });
    }

    /** Back from the bank (receivedRedirectUri): finish with the same token, once. */
    function resumeOAuth() {
      s.exitStatus = "requires_oauth";
      showLoading("Finishing the connection\u2026");
      step(
        "/link/sandbox/oauth/resume",
        { link_token: token, received_redirect_uri: receivedRedirectUri },
        null,
        function (data) {
          if (data.metadata && data.metadata.institution) s.institution = data.metadata.institution;
          finishSuccess(data);
        },
        function (err) {
          recordError(err);
          if (err.error_code === "INVALID_LINK_TOKEN") finishExit(null);
          else showError(err);
        },
      );
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
        exitStatus: undefined,
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
        if (receivedRedirectUri) {
          s.canGoBack = false;
          if (session.mode === "update" && session.update_item && session.update_item.institution) s.institution = session.update_item.institution;
          resumeOAuth();
          return;
        }
        if (session.mode === "update" && session.update_item) {
          s.institution = session.update_item.institution || { institution_id: "", name: "Your bank", primary_color: null };
          s.username = session.update_item.username || "";
          s.canGoBack = false;
          if (s.institution.oauth) {
            if (session.redirect_uri) showOAuth();
            else startOAuth(null);
          } else showCredentials(null);
          return;
        }
        var pre = session.institution_id
          ? session.institutions.filter(function (i) {
              return i.institution_id === session.institution_id;
            })[0]
          : null;
        if (pre) {
          s.canGoBack = false;
          chooseInstitution(pre);
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
`;

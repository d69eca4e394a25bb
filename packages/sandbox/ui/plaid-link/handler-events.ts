/** Plaid Link stand-in, part of the served script (see script.ts): create(config) opens: Link's events and metadata, teardown, exit and success. */
export const HANDLER_EVENTS = String.raw`
  // ── a Link handler ────────────────────────────────────────────────────────────────────────
  function create(config) {
    config = config || {};
    var token = config.token || null;
    // OAuth: the app re-creates Link on its redirect_uri with the same token and the URL it landed on.
    var receivedRedirectUri = typeof config.receivedRedirectUri === "string" && config.receivedRedirectUri ? config.receivedRedirectUri : null;
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
        status: s ? (s.exitStatus !== undefined ? s.exitStatus : VIEW_STATUS[s.view] === undefined ? null : VIEW_STATUS[s.view]) : null,
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

`;

/** Plaid Link stand-in, part of the served script (see script.ts): the handler's views (institution list, credentials, MFA, account selection, errors). */
export const HANDLER_VIEWS = String.raw`    // ── rendering ──
    function setView(view, build) {
      if (!s) return;
      var changed = s.view !== view;
      s.view = view;
      var titleId = P + "-title-" + s.id;
      var content = build(titleId);
      s.body.textContent = "";
      s.body.appendChild(content);
      s.dialog.setAttribute("aria-labelledby", titleId);
      s.back.style.visibility = s.canGoBack && (view === "CREDENTIAL" || view === "OAUTH" || view === "ERROR") ? "visible" : "hidden";
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
      if (inst.oauth) {
        // Without a redirect_uri there is no way back (the sandbox opens no pop-up): the server says why.
        if (s.session.redirect_uri) showOAuth();
        else startOAuth(null);
        return;
      }
      showCredentials();
    }

    /** Plaid's hand-off pane: the user is about to leave for the bank's own site. */
    function showOAuth() {
      var inst = s.institution;
      var update = s.session.mode === "update";
      setView("OAUTH", function (titleId) {
        var go = h("button", { type: "button", class: cls("btn"), text: "Continue", "data-autofocus": "true" });
        go.addEventListener("click", function () {
          busy(go, "Redirecting\u2026");
          startOAuth(go);
        });
        return h("div", null, [
          bankLine(inst),
          title(titleId, "You will be sent to " + inst.name),
          h("p", {
            class: cls("text"),
            text:
              (update ? "To keep your connection working, sign in at " + inst.name : "Sign in at " + inst.name) +
              " and choose the accounts to share with " +
              (s.session.client_name || "this app") +
              ". You will then come back here to finish.",
          }),
          go,
        ]);
      });
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
          title(titleId, err.error_type === "INSTITUTION_ERROR" ? "This bank is not available" : err.error_code === "ACCESS_NOT_GRANTED" ? "Connection not completed" : "Something went wrong"),
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

`;

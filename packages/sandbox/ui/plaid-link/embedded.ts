/** Plaid Link stand-in, part of the served script (see script.ts): createEmbedded, window.Plaid, and the end of the script. */
export const EMBEDDED = String.raw`
  /** Embedded Link: a small card in 'target' whose button opens the same dialog. */
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
`;

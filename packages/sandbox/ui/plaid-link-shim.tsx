"use client";

import { useEffect, useSyncExternalStore } from "react";

/**
 * Plaid Link in the local sandbox: react-plaid-link@5 loads Plaid's CDN script unless a
 * `<script src="…link-initialize.js">` is already in the page (it then assumes it loaded and calls
 * `window.Plaid.create`). When `active`, this hook inserts an INERT placeholder with that src
 * (`type="text/x-sandbox"`: never fetched) and loads the portal's stand-in
 * (`/sandbox/plaid-link.js`, which defines `window.Plaid`). `ready` turns true once both are in
 * place: mount `usePlaidLink` only then, or it would try the CDN.
 *
 *   const { ready } = useSandboxPlaidShim(sandbox);
 *   if (sandbox && !ready) return null;
 *   return <LinkOpener token={token} />;   // calls usePlaidLink(...)
 */

export const PLAID_LINK_CDN_URL = "https://cdn.plaid.com/link/v2/stable/link-initialize.js";
export const SANDBOX_PLAID_LINK_SCRIPT = "/sandbox/plaid-link.js";

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function placeholderPresent(): boolean {
  return document.querySelector(`script[src="${PLAID_LINK_CDN_URL}"]`) !== null;
}

function plaidPresent(): boolean {
  const plaid = (window as { Plaid?: { create?: unknown } }).Plaid;
  return typeof plaid?.create === "function";
}

function isReady(): boolean {
  return placeholderPresent() && plaidPresent();
}

function ensurePlaceholder(): void {
  if (placeholderPresent()) return;
  const el = document.createElement("script");
  el.type = "text/x-sandbox"; // a non-JavaScript type: the browser never fetches it
  el.setAttribute("data-sandbox-plaid-placeholder", "");
  el.src = PLAID_LINK_CDN_URL;
  document.head.appendChild(el);
}

function ensureStandIn(): HTMLScriptElement {
  const existing = document.querySelector<HTMLScriptElement>("script[data-sandbox-plaid-link]");
  if (existing) return existing;
  const el = document.createElement("script");
  el.src = SANDBOX_PLAID_LINK_SCRIPT;
  el.async = true;
  el.setAttribute("data-sandbox-plaid-link", "");
  el.addEventListener("error", () => {
    console.error(`Could not load the sandbox Plaid Link script (${SANDBOX_PLAID_LINK_SCRIPT}).`);
    // Let a later mount try again.
    el.remove();
  });
  document.head.appendChild(el);
  return el;
}

/** When `active`, makes `window.Plaid` the sandbox stand-in for react-plaid-link; `ready` once usable. */
export function useSandboxPlaidShim(active: boolean): { ready: boolean } {
  const loaded = useSyncExternalStore(subscribe, isReady, () => false);

  useEffect(() => {
    if (!active) return;
    ensurePlaceholder();
    if (plaidPresent()) {
      notify();
      return;
    }
    const script = ensureStandIn();
    const onLoad = () => notify();
    script.addEventListener("load", onLoad);
    return () => script.removeEventListener("load", onLoad);
  }, [active]);

  return { ready: active && loaded };
}

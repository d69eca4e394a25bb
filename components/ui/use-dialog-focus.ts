"use client";

import { useEffect, type RefObject } from "react";

const FOCUSABLE = [
  "a[href]",
  "button:not([disabled])",
  'input:not([disabled]):not([type="hidden"])',
  "select:not([disabled])",
  "textarea:not([disabled])",
  '[tabindex]:not([tabindex="-1"])',
].join(",");

function focusablesIn(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/**
 * Focus management for a native `<dialog>` opened with `showModal()` (whoever calls it):
 * - on open, focus goes to the element marked `data-autofocus`, else the first field or button;
 * - Tab and Shift+Tab cycle inside the dialog (they never reach the browser's own controls);
 * - Escape closes it (the browser's own `cancel`);
 * - on close, focus returns to the element that had it before the dialog opened (the opener).
 */
export function useDialogFocus(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // The last element focused outside the dialog: the opener, once the dialog opens.
    let outside: HTMLElement | null = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    let opener: HTMLElement | null = null;

    const onFocusIn = (e: FocusEvent) => {
      if (e.target instanceof HTMLElement && !dialog.contains(e.target)) outside = e.target;
    };
    const onOpenChange = () => {
      if (!dialog.open) return;
      opener = outside;
      const target = dialog.querySelector<HTMLElement>("[data-autofocus]") ?? focusablesIn(dialog)[0];
      target?.focus();
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== "Tab" || !dialog.open) return;
      const items = focusablesIn(dialog);
      if (items.length === 0) {
        e.preventDefault();
        return;
      }
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const active = document.activeElement;
      if (e.shiftKey && (active === first || !dialog.contains(active))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
        e.preventDefault();
        first.focus();
      }
    };
    const onClose = () => {
      const back = opener;
      opener = null;
      if (back && back.isConnected) back.focus();
    };

    const observer = new MutationObserver(onOpenChange);
    observer.observe(dialog, { attributes: true, attributeFilter: ["open"] });
    document.addEventListener("focusin", onFocusIn);
    dialog.addEventListener("keydown", onKeyDown);
    dialog.addEventListener("close", onClose);
    return () => {
      observer.disconnect();
      document.removeEventListener("focusin", onFocusIn);
      dialog.removeEventListener("keydown", onKeyDown);
      dialog.removeEventListener("close", onClose);
    };
  }, [ref]);
}

"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * A `<dialog>` that is rendered only once someone opens it (a page of 50 cards has 50 closed
 * dialogs otherwise, all in its HTML). Render the dialog while `mounted`, with `ref` on it; `open()`
 * mounts it and calls `showModal()` once it is there (after its own effects — useDialogFocus — have
 * run), and on later calls simply shows it again.
 */
export function useLazyDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  const [mounted, setMounted] = useState(false);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    if (asked > 0 && !ref.current?.open) ref.current?.showModal();
  }, [asked]);
  const open = useCallback(() => {
    setMounted(true);
    setAsked((n) => n + 1);
  }, []);
  return { ref, mounted, open };
}

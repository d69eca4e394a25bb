"use client";

import type { ReactNode, RefObject } from "react";
import { useT } from "@/lib/i18n/client";
import { useDialogFocus } from "./use-dialog-focus";

/**
 * A modal "are you sure?" with **No** (focused first, also Escape) and **Yes**. The caller opens it
 * with `ref.current.showModal()` and closes it when its action is done; focus is trapped inside and
 * returns to the opener (useDialogFocus).
 */
export function ConfirmDialog({ dialogRef, id, title, children, onYes, busy }: { dialogRef: RefObject<HTMLDialogElement | null>; id: string; title: string; children: ReactNode; onYes: () => void; busy: boolean }) {
  const t = useT();
  useDialogFocus(dialogRef);
  return (
    <dialog ref={dialogRef} aria-labelledby={id} className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="mt-2 text-sm text-slate-600">{children}</p>
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" autoFocus data-autofocus onClick={() => dialogRef.current?.close()} className="rounded-md border border-slate-300 px-4 py-1.5 text-sm">
          {t("common.no")}
        </button>
        <button type="button" onClick={onYes} disabled={busy} className="rounded-md bg-red-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-60">
          {t("common.yes")}
        </button>
      </div>
    </dialog>
  );
}

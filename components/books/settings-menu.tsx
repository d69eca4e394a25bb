"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useT } from "@/lib/i18n/client";

/** The Book header's Settings (⚙️) menu: Automations, Book settings and (Editors and the Owner) the Audit trail. */
export function SettingsMenu({ bookId, canViewAudit = false }: { bookId: string; canViewAudit?: boolean }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const firstItem = useRef<HTMLAnchorElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    firstItem.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
        return;
      }
      // The menu pattern: arrow keys (and Home/End) move between the items.
      const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
      const at = items.indexOf(document.activeElement as HTMLElement);
      const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
      if (next === undefined || items.length === 0) return;
      e.preventDefault();
      items[(next + items.length) % items.length]?.focus();
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="book-settings-menu"
        onClick={() => setOpen((v) => !v)}
        className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
      >
        <span aria-hidden="true">⚙️</span> {t("settingsMenu.button")}
      </button>
      {open ? (
        <div id="book-settings-menu" role="menu" aria-label={t("settingsMenu.button")} className="absolute right-0 z-10 mt-1 w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <Link ref={firstItem} role="menuitem" href={`/books/${bookId}/automations`} className="block px-3 py-2 text-sm hover:bg-slate-100" onClick={() => setOpen(false)}>
            {t("settingsMenu.automations")}
          </Link>
          <Link role="menuitem" href={`/books/${bookId}/settings`} className="block px-3 py-2 text-sm hover:bg-slate-100" onClick={() => setOpen(false)}>
            {t("settingsMenu.bookSettings")}
          </Link>
          {canViewAudit ? (
            <Link role="menuitem" href={`/books/${bookId}/settings/audit`} className="block px-3 py-2 text-sm hover:bg-slate-100" onClick={() => setOpen(false)}>
              {t("settingsMenu.audit")}
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

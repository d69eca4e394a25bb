"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";

/** The Book header's Settings (⚙️) menu: Automations and Book settings. */
export function SettingsMenu({ bookId }: { bookId: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const firstItem = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (!open) return;
    firstItem.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
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
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="book-settings-menu"
        onClick={() => setOpen((v) => !v)}
        className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
      >
        <span aria-hidden="true">⚙️</span> Settings
      </button>
      {open ? (
        <div id="book-settings-menu" role="menu" aria-label="Settings" className="absolute right-0 z-10 mt-1 w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          <Link ref={firstItem} role="menuitem" href={`/books/${bookId}/automations`} className="block px-3 py-2 text-sm hover:bg-slate-100" onClick={() => setOpen(false)}>
            Automations
          </Link>
          <Link role="menuitem" href={`/books/${bookId}/settings`} className="block px-3 py-2 text-sm hover:bg-slate-100" onClick={() => setOpen(false)}>
            Book settings
          </Link>
        </div>
      ) : null}
    </div>
  );
}

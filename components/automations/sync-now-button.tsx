"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { useT } from "@/lib/i18n/client";
import type { Message } from "@/lib/i18n/translate";
import { AutoRefresh } from "./auto-refresh";

type Props = {
  bookId: string;
  connectionId: string;
  syncNow: (raw: unknown) => Promise<ActionResult<{ connectionId: string; message: Message }>>;
};

/** How long the page keeps refreshing after Sync now, until the queued sync shows as running. */
const WATCH_MS = 20_000;

/** Sync now → the sync is queued; the page refreshes for a while so the running sync appears. */
export function SyncNowButton({ bookId, connectionId, syncNow }: Props) {
  const router = useRouter();
  const t = useT();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [watching, setWatching] = useState(false);
  const [pending, start] = useTransition();

  useEffect(() => {
    if (!watching) return;
    const t = setTimeout(() => setWatching(false), WATCH_MS);
    return () => clearTimeout(t);
  }, [watching]);

  const click = () =>
    start(async () => {
      setMessage(null);
      const r = await syncNow({ bookId, connectionId });
      if (r.ok) {
        setMessage({ ok: true, text: t.msg(r.data.message) });
        setWatching(true);
        router.refresh();
      } else setMessage({ ok: false, text: t.msg(r.message) });
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <button type="button" onClick={click} disabled={pending} aria-busy={pending} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60">
        {t("sync.now")}
      </button>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}
        </p>
      ) : null}
      <AutoRefresh active={watching} ms={2000} />
    </div>
  );
}

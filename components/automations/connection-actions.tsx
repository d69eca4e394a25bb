"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { useT } from "@/lib/i18n/client";
import type { LinkSession } from "@/lib/providers/types";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useLazyDialog } from "@/components/ui/use-lazy-dialog";
import { LinkWidget, type WidgetOutcome } from "./link-widget";

type ConnectionInput = { bookId: string; connectionId: string };
type Actions = {
  startReconnect: (input: ConnectionInput & { addAccounts?: boolean }) => Promise<ActionResult<LinkSession>>;
  finishReconnect: (input: ConnectionInput) => Promise<ActionResult<{ connectionId: string }>>;
  disconnect: (input: ConnectionInput) => Promise<ActionResult<{ connectionId: string }>>;
};

type Props = { bookId: string; connectionId: string; institutionName: string; canReconnect: boolean; canAddAccounts?: boolean; sandbox: boolean; actions: Actions };

/**
 * Reconnect (provider widget in update mode, same connection), Add accounts (update mode with
 * account selection, when the bank has new accounts) and Disconnect → Yes. Owner only.
 */
export function ConnectionActions({ bookId, connectionId, institutionName, canReconnect, canAddAccounts = false, sandbox, actions }: Props) {
  const router = useRouter();
  const t = useT();
  const [session, setSession] = useState<LinkSession | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [busy, start] = useTransition();
  const dialog = useLazyDialog();
  const input = { bookId, connectionId };

  const [adding, setAdding] = useState(false);
  const reconnect = (addAccounts: boolean) =>
    start(async () => {
      setMessage(null);
      setAdding(addAccounts);
      const r = await actions.startReconnect(addAccounts ? { ...input, addAccounts } : input);
      if (r.ok) setSession(r.data);
      else setMessage({ tone: "error", text: t.msg(r.message) });
    });

  const onOutcome = useCallback(
    (o: WidgetOutcome) => {
      setSession(null);
      if (o.kind === "exit") {
        if (o.message) setMessage({ tone: "error", text: o.message });
        return;
      }
      start(async () => {
        const r = await actions.finishReconnect({ bookId, connectionId });
        if (r.ok) {
          setMessage({ tone: "ok", text: t(adding ? "connections.accountsAdded" : "connections.connectedAgain", { name: institutionName }) });
          router.refresh();
        } else setMessage({ tone: "error", text: t.msg(r.message) });
      });
    },
    [actions, adding, bookId, connectionId, institutionName, router, t],
  );

  const confirmDisconnect = () =>
    start(async () => {
      const r = await actions.disconnect(input);
      dialog.ref.current?.close();
      if (r.ok) router.refresh();
      else setMessage({ tone: "error", text: t.msg(r.message) });
    });

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        {canAddAccounts ? (
          <button type="button" onClick={() => reconnect(true)} disabled={busy || session !== null} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {t("connections.addAccounts")}
          </button>
        ) : null}
        {canReconnect ? (
          <button type="button" onClick={() => reconnect(false)} disabled={busy || session !== null} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {t("connections.reconnect")}
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => dialog.open()}
          disabled={busy}
          className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
        >
          {t("connections.disconnect")}
        </button>
      </div>
      {message ? (
        <p role={message.tone === "error" ? "alert" : "status"} className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {message.text}
        </p>
      ) : null}
      {dialog.mounted ? (
        <ConfirmDialog dialogRef={dialog.ref} id={`disconnect-title-${connectionId}`} title={t("connections.disconnectTitle", { name: institutionName })} onYes={confirmDisconnect} busy={busy}>
          {t("connections.disconnectBody")}
        </ConfirmDialog>
      ) : null}
      {session ? <LinkWidget key={JSON.stringify(session)} session={session} sandbox={sandbox} onOutcome={onOutcome} /> : null}
    </div>
  );
}

"use client";

import dynamic from "next/dynamic";
import { useId, useRef, useState, useTransition, type FormEvent } from "react";
import type { ControlResult as ActionResult } from "./control-result";
import { UpdateModeSelect } from "./update-mode-select";

// react-pluggy-connect touches `window` when imported: browser only.
const PluggyConnect = dynamic(() => import("react-pluggy-connect").then((m) => m.PluggyConnect), { ssr: false });

type ConnectSession = { connectToken: string; connectUrl: string; updateItemId: string | null };

type Props = {
  items: { id: string; label: string }[];
  actions: { createConnectToken: (raw: unknown) => Promise<ActionResult<ConnectSession>> };
};

type Outcome =
  | { kind: "success"; itemId: string; status: string; connector: string }
  | { kind: "error"; message: string; itemId: string | null }
  | { kind: "closed" };

type PluggyItemLike = { id: string; status?: string; connector?: { name?: string } };

/** "Try Pluggy Connect": the REAL react-pluggy-connect, its iframe on the sandbox Connect page. */
export function TryPluggyConnect({ items, actions }: Props) {
  const id = useId();
  const [itemId, setItemId] = useState("");
  const [session, setSession] = useState<(ConnectSession & { key: number }) | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [events, setEvents] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const seq = useRef(0);

  const start = (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setOutcomes([]);
    setEvents([]);
    startTransition(async () => {
      const r = await actions.createConnectToken(itemId ? { itemId } : {});
      if (r.ok) setSession({ ...r.data, key: ++seq.current });
      else setMessage(r.message);
    });
  };

  // The widget keeps the callbacks of its first render: route them through refs.
  const handlers = useRef({
    success: (item: PluggyItemLike) => setOutcomes((o) => [...o, { kind: "success", itemId: item.id, status: item.status ?? "", connector: item.connector?.name ?? "" }]),
    error: (msg: string, item: PluggyItemLike | undefined) => setOutcomes((o) => [...o, { kind: "error", message: msg, itemId: item?.id ?? null }]),
    close: () => {
      setOutcomes((o) => [...o, { kind: "closed" }]);
      setSession(null);
    },
    event: (name: string) => setEvents((e) => [...e, name]),
  });

  const last = outcomes.filter((o) => o.kind !== "closed").at(-1);
  const closed = outcomes.some((o) => o.kind === "closed");

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <div>
        <h3 id={`${id}-title`} className="font-semibold">
          Try Pluggy Connect
        </h3>
        <p className="text-sm text-slate-600">
          react-pluggy-connect with a connect token from the official <code className="text-xs">pluggy-sdk</code>. Sandbox login: <code className="text-xs">user-ok</code> /{" "}
          <code className="text-xs">password-ok</code>.
        </p>
      </div>
      <form onSubmit={start} className="grid gap-2 sm:grid-cols-2">
        <UpdateModeSelect id={`${id}-item`} items={items} value={itemId} onChange={setItemId} />
        <div className="flex items-end">
          <button type="submit" disabled={pending || session !== null} className="h-9 rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
            {itemId ? "Open Pluggy Connect in update mode" : "Open Pluggy Connect"}
          </button>
        </div>
      </form>

      {session ? (
        <PluggyConnect
          key={session.key}
          connectToken={session.connectToken}
          url={session.connectUrl}
          includeSandbox
          language="en"
          {...(session.updateItemId ? { updateItem: session.updateItemId } : {})}
          onSuccess={({ item }) => handlers.current.success(item as PluggyItemLike)}
          onError={({ message: msg, data }) => handlers.current.error(msg, data?.item as PluggyItemLike | undefined)}
          onClose={() => handlers.current.close()}
          onEvent={(payload) => handlers.current.event(payload.event)}
          onLoadError={() => handlers.current.error("Pluggy Connect could not be loaded.", undefined)}
        />
      ) : null}

      {message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {message}
        </p>
      ) : null}

      <div aria-live="polite" data-testid="pluggy-connect-result">
        {last?.kind === "success" ? (
          <div className="space-y-1 rounded-md bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200">
            <p className="font-semibold text-emerald-900">onSuccess</p>
            <p className="text-xs">
              item <code className="break-all font-mono" data-testid="pluggy-item-id">{last.itemId}</code> · {last.connector} · {last.status}
            </p>
          </div>
        ) : null}
        {last?.kind === "error" ? (
          <div className="space-y-1 rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-200">
            <p className="font-semibold text-amber-900">onError</p>
            <p className="text-xs" data-testid="pluggy-error">
              {last.message}
              {last.itemId ? ` (item ${last.itemId})` : ""}
            </p>
          </div>
        ) : null}
        {closed ? <p className="mt-1 text-xs text-slate-500">onClose called.</p> : null}
      </div>
      {events.length > 0 ? (
        <p className="text-xs text-slate-500" data-testid="pluggy-connect-events">
          onEvent: {events.join(" → ")}
        </p>
      ) : null}
    </section>
  );
}

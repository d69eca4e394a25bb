"use client";

import { useId, useState, useTransition, type FormEvent, type ReactNode } from "react";
import type { ControlResult as ActionResult } from "./control-result";
import type { ControlCommand, PlaidItemView, PluggyItemView, SandboxAccountView, SandboxOverview } from "@bank-connections/sandbox/host/controls";

type Props = {
  overview: SandboxOverview;
  plaidWebhookCodes: string[];
  pluggyWebhookEvents: string[];
  control: (raw: unknown) => Promise<ActionResult<string>>;
};

type Notice = { tone: "ok" | "error"; text: string } | null;

/** The sandbox controls: clock, items (login required, webhooks), faults. */
export function SandboxConsole({ overview, plaidWebhookCodes, pluggyWebhookEvents, control }: Props) {
  const [notice, setNotice] = useState<Notice>(null);
  const [pending, startTransition] = useTransition();

  const run = (cmd: ControlCommand) => {
    startTransition(async () => {
      const r = await control(cmd);
      if (r.ok) setNotice({ tone: "ok", text: r.data });
      else setNotice({ tone: "error", text: r.fields ? Object.values(r.fields).join(" ") || r.message : r.message });
    });
  };

  return (
    <div className="space-y-8" aria-busy={pending}>
      <div aria-live="polite" className="min-h-0">
        {notice ? (
          <p
            role={notice.tone === "error" ? "alert" : "status"}
            data-testid="sandbox-notice"
            className={`rounded-md px-3 py-2 text-sm ring-1 ${notice.tone === "ok" ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : "bg-red-50 text-red-800 ring-red-200"}`}
          >
            {notice.text}
          </p>
        ) : null}
      </div>

      <section aria-labelledby="clock-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 id="clock-title" className="text-lg font-semibold">
              Sandbox clock
            </h2>
            <p className="text-sm text-slate-600">
              Sandbox date <strong data-testid="sandbox-now">{formatDate(overview.clock.now)}</strong>
              {overview.clock.offsetDays ? ` (${overview.clock.offsetDays > 0 ? "+" : ""}${overview.clock.offsetDays} days)` : ""}. Banks show new
              transactions as the clock moves; it does not follow the wall clock.
            </p>
          </div>
          <div className="flex gap-2">
            <Button disabled={pending} onClick={() => run({ action: "clock.advance", days: 1 })}>
              Advance clock 1 day
            </Button>
            <Button disabled={pending} onClick={() => run({ action: "clock.advance", days: 7 })}>
              Advance clock 7 days
            </Button>
          </div>
        </div>
      </section>

      {overview.plaid ? (
        <section aria-labelledby="plaid-items-title" className="space-y-3">
          <h2 id="plaid-items-title" className="text-lg font-semibold">
            Plaid items
          </h2>
          {overview.plaid.items.length === 0 ? (
            <Empty>No Plaid items yet. Connect a bank with Plaid Link (above, or from a Book&apos;s Banks page).</Empty>
          ) : (
            <ItemsTable caption="Plaid sandbox items" headings={["Institution", "Status", "Accounts", "Actions"]}>
              {overview.plaid.items.map((item) => (
                <PlaidRow key={item.itemId} item={item} codes={plaidWebhookCodes} pending={pending} run={run} />
              ))}
            </ItemsTable>
          )}
        </section>
      ) : null}

      {overview.pluggy ? (
        <section aria-labelledby="pluggy-items-title" className="space-y-3">
          <h2 id="pluggy-items-title" className="text-lg font-semibold">
            Pluggy items
          </h2>
          {overview.pluggy.items.length === 0 ? (
            <Empty>No Pluggy items yet. Connect a Brazilian bank with Pluggy Connect (above, or from a Book&apos;s Banks page).</Empty>
          ) : (
            <ItemsTable caption="Pluggy sandbox items" headings={["Connector", "Status", "Accounts", "Actions"]}>
              {overview.pluggy.items.map((item) => (
                <PluggyRow key={item.itemId} item={item} events={pluggyWebhookEvents} pending={pending} run={run} />
              ))}
            </ItemsTable>
          )}
        </section>
      ) : null}

      <section aria-labelledby="faults-title" className="space-y-3">
        <h2 id="faults-title" className="text-lg font-semibold">
          Faults
        </h2>
        <p className="text-sm text-slate-600">Make the sandbox APIs fail on purpose, to see how the portal copes. Plaid Link is never affected; Pluggy faults also hit Pluggy Connect.</p>
        <div className="grid gap-4 md:grid-cols-2">
          {overview.plaid ? <PlaidFaults faults={overview.plaid.faults} pending={pending} run={run} /> : null}
          {overview.pluggy ? <PluggyFaults faults={overview.pluggy.faults} pending={pending} run={run} /> : null}
        </div>
      </section>
    </div>
  );
}

// ── rows ──────────────────────────────────────────────────────────────────────────────────────

type RowProps<I> = { item: I; pending: boolean; run: (cmd: ControlCommand) => void };

function PlaidRow({ item, codes, pending, run }: RowProps<PlaidItemView> & { codes: string[] }) {
  const [code, setCode] = useState(codes[0] ?? "SYNC_UPDATES_AVAILABLE");
  const selectId = useId();
  const ok = item.status === "OK";
  return (
    <tr className="align-top">
      <th scope="row" className="px-3 py-3 text-left font-normal">
        <div className="font-medium text-slate-900">{item.institutionName}</div>
        <div className="text-xs text-slate-500">
          {item.username} · <code className="font-mono">{item.itemId}</code>
        </div>
        <div className="text-xs text-slate-500">
          {item.exchanged ? "connected" : "public token not exchanged"} · created {formatDate(item.createdAt)}
        </div>
      </th>
      <td className="px-3 py-3">
        <Badge tone={ok ? "ok" : "warn"}>{ok ? "OK" : item.status}</Badge>
        {item.lastWebhook ? <div className="mt-1 text-xs text-slate-500">last webhook {item.lastWebhook.code}</div> : null}
      </td>
      <td className="px-3 py-3">
        <Accounts accounts={item.accounts} />
      </td>
      <td className="px-3 py-3">
        <div className="flex flex-wrap items-center gap-2">
          {ok ? (
            <Button disabled={pending} onClick={() => run({ action: "plaid.loginRequired", itemId: item.itemId })}>
              Put login required
            </Button>
          ) : (
            <Button disabled={pending} onClick={() => run({ action: "plaid.repairLogin", itemId: item.itemId })}>
              Repair login
            </Button>
          )}
          <Button disabled={pending} title="The bank opens a new account on this item (NEW_ACCOUNTS_AVAILABLE)" onClick={() => run({ action: "plaid.addAccount", itemId: item.itemId })}>
            Add an account
          </Button>
          <label htmlFor={selectId} className="sr-only">
            Webhook to fire
          </label>
          <select id={selectId} value={code} onChange={(e) => setCode(e.target.value)} className="h-8 rounded-md border border-slate-300 bg-white px-2 text-xs">
            {codes.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          <Button
            disabled={pending || !item.webhook}
            title={item.webhook ? undefined : "This item has no webhook URL"}
            onClick={() => run({ action: "plaid.fireWebhook", itemId: item.itemId, code: code as Extract<ControlCommand, { action: "plaid.fireWebhook" }>["code"] })}
          >
            Fire webhook
          </Button>
        </div>
      </td>
    </tr>
  );
}

function PluggyRow({ item, events, pending, run }: RowProps<PluggyItemView> & { events: string[] }) {
  const [event, setEvent] = useState(events[0] ?? "item/updated");
  const selectId = useId();
  const tone = item.status === "UPDATED" ? "ok" : item.status === "UPDATING" || item.status === "WAITING_USER_INPUT" ? "busy" : "warn";
  return (
    <tr className="align-top">
      <th scope="row" className="px-3 py-3 text-left font-normal">
        <div className="font-medium text-slate-900">{item.connectorName}</div>
        <div className="text-xs text-slate-500">
          <code className="font-mono">{item.itemId}</code>
        </div>
        <div className="text-xs text-slate-500">created {formatDate(item.createdAt)}</div>
      </th>
      <td className="px-3 py-3">
        <Badge tone={tone}>{item.status}</Badge>
        <div className="mt-1 text-xs text-slate-500">{item.error ? `${item.error.code}` : item.executionStatus}</div>
      </td>
      <td className="px-3 py-3">
        <Accounts accounts={item.accounts} />
      </td>
      <td className="px-3 py-3">
        <div className="flex flex-wrap items-center gap-2">
          <Button disabled={pending || item.status === "LOGIN_ERROR"} onClick={() => run({ action: "pluggy.loginError", itemId: item.itemId })}>
            Put login required
          </Button>
          <Button disabled={pending || item.status === "LOGIN_ERROR"} title="The bank opens a new account on this item (item/updated)" onClick={() => run({ action: "pluggy.addAccount", itemId: item.itemId })}>
            Add an account
          </Button>
          <label htmlFor={selectId} className="sr-only">
            Webhook to fire
          </label>
          <select id={selectId} value={event} onChange={(e) => setEvent(e.target.value)} className="h-8 rounded-md border border-slate-300 bg-white px-2 text-xs">
            {events.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
          <Button
            disabled={pending}
            onClick={() => run({ action: "pluggy.fireWebhook", itemId: item.itemId, event: event as Extract<ControlCommand, { action: "pluggy.fireWebhook" }>["event"] })}
          >
            Fire webhook
          </Button>
        </div>
      </td>
    </tr>
  );
}

// ── faults ────────────────────────────────────────────────────────────────────────────────────

function numberOf(data: FormData, name: string): number {
  const v = String(data.get(name) ?? "").trim();
  return v === "" ? 0 : Number(v);
}

type FaultField = { name: string; label: string; step: string; min: string; max?: string };

/** One provider's fault form: the fields it saves, then Save and Reset. */
function FaultsForm(props: {
  title: string;
  note: string;
  fields: FaultField[];
  values: Readonly<Record<string, unknown>>;
  saveLabel: string;
  save: (d: FormData) => ControlCommand;
  reset: ControlCommand;
  pending: boolean;
  run: (cmd: ControlCommand) => void;
}) {
  const { pending, run } = props;
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    run(props.save(new FormData(e.currentTarget)));
  };
  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`${id}-t`}>
      <h3 id={`${id}-t`} className="font-semibold">
        {props.title}
      </h3>
      <p className="text-xs text-slate-500">{props.note}</p>
      {props.fields.map((f) => (
        <Field key={f.name} id={`${id}-${f.name}`} defaultValue={Number(props.values[f.name] ?? 0)} {...f} />
      ))}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending} primary>
          {props.saveLabel}
        </Button>
        <Button disabled={pending} onClick={() => run(props.reset)}>
          Reset
        </Button>
      </div>
    </form>
  );
}

const LATENCY: FaultField = { name: "latencyMs", label: "Latency (ms)", step: "50", min: "0", max: "60000" };

function PlaidFaults({ faults, pending, run }: { faults: NonNullable<SandboxOverview["plaid"]>["faults"]; pending: boolean; run: (cmd: ControlCommand) => void }) {
  return (
    <FaultsForm
      title="Plaid API"
      note="Rates are the share of calls that fail (0 to 1), decided deterministically per call."
      fields={[
        { name: "rateLimitRate", label: "Rate-limit rate (429)", step: "0.05", min: "0", max: "1" },
        { name: "serverErrorRate", label: "Server-error rate (500)", step: "0.05", min: "0", max: "1" },
        LATENCY,
      ]}
      values={faults}
      saveLabel="Save Plaid faults"
      save={(d) => ({ action: "plaid.setFaults", rateLimitRate: numberOf(d, "rateLimitRate"), serverErrorRate: numberOf(d, "serverErrorRate"), latencyMs: numberOf(d, "latencyMs") })}
      reset={{ action: "plaid.resetFaults" }}
      pending={pending}
      run={run}
    />
  );
}

function PluggyFaults({ faults, pending, run }: { faults: NonNullable<SandboxOverview["pluggy"]>["faults"]; pending: boolean; run: (cmd: ControlCommand) => void }) {
  return (
    <FaultsForm
      title="Pluggy API"
      note="Every N-th API request fails (0 = off). The faults last until this server restarts."
      fields={[
        { name: "rateLimitEvery", label: "Rate limit (429) every N requests", step: "1", min: "0" },
        { name: "serverErrorEvery", label: "Server error (500) every N requests", step: "1", min: "0" },
        LATENCY,
      ]}
      values={faults}
      saveLabel="Save Pluggy faults"
      save={(d) => ({ action: "pluggy.setFaults", rateLimitEvery: numberOf(d, "rateLimitEvery"), serverErrorEvery: numberOf(d, "serverErrorEvery"), latencyMs: numberOf(d, "latencyMs") })}
      reset={{ action: "pluggy.resetFaults" }}
      pending={pending}
      run={run}
    />
  );
}

// ── bits ──────────────────────────────────────────────────────────────────────────────────────

function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

function Field({ id, label, ...input }: { id: string; label: string; name: string; defaultValue: number; step: string; min: string; max?: string }) {
  return (
    <div className="flex items-center justify-between gap-3">
      <label htmlFor={id} className="text-sm text-slate-700">
        {label}
      </label>
      <input id={id} type="number" inputMode="decimal" className="h-8 w-28 rounded-md border border-slate-300 px-2 text-right text-sm" {...input} />
    </div>
  );
}

function Button({
  children,
  onClick,
  disabled,
  primary,
  type = "button",
  title,
}: {
  children: ReactNode;
  onClick?: () => void;
  disabled?: boolean;
  primary?: boolean;
  type?: "button" | "submit";
  title?: string;
}) {
  return (
    <button
      type={type}
      onClick={onClick}
      disabled={disabled}
      title={title}
      className={`inline-flex h-8 items-center rounded-md px-3 text-xs font-medium disabled:cursor-not-allowed disabled:opacity-50 ${
        primary ? "bg-brand-600 text-white hover:bg-brand-700" : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50"
      }`}
    >
      {children}
    </button>
  );
}

function Badge({ tone, children }: { tone: "ok" | "warn" | "busy"; children: ReactNode }) {
  const cls = tone === "ok" ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : tone === "busy" ? "bg-sky-50 text-sky-800 ring-sky-200" : "bg-amber-50 text-amber-900 ring-amber-200";
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${cls}`}>{children}</span>;
}

function Accounts({ accounts }: { accounts: SandboxAccountView[] }) {
  if (accounts.length === 0) return <span className="text-xs text-slate-500">—</span>;
  return (
    <ul className="space-y-0.5 text-xs text-slate-700">
      {accounts.map((a) => (
        <li key={a.id}>
          {a.name}
          {a.mask ? <span className="text-slate-500"> ••{a.mask}</span> : a.number ? <span className="text-slate-500"> {a.number}</span> : null} <span className="text-slate-500">{a.type.replace(/_/g, " ").toLowerCase()}</span>
        </li>
      ))}
    </ul>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">{children}</p>;
}

function ItemsTable({ caption, headings, children }: { caption: string; headings: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col" className="px-3 py-2">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

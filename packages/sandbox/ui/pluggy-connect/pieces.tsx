/** Building blocks of the Pluggy Connect stand-in's screens: panels, buttons, the bank's avatar. */
import type { ReactNode } from "react";
import type { WireConnector } from "@bank-connections/sandbox/pluggy/types";
import { readableTextOn } from "@bank-connections/ui/readable-text";

export function Panel({ title, icon, tone, children }: { title: string; icon?: string; tone?: "ok"; children: ReactNode }) {
  return (
    <section className="flex min-h-full flex-col items-center justify-center gap-3 py-6 text-center" aria-labelledby="sbx-panel-title">
      {icon ? (
        <span aria-hidden="true" className={`flex h-14 w-14 items-center justify-center rounded-full text-2xl font-bold ${tone === "ok" ? "bg-emerald-100 text-emerald-700" : "bg-rose-100 text-rose-700"}`}>
          {icon}
        </span>
      ) : null}
      <h1 id="sbx-panel-title" className="text-xl font-bold tracking-tight">
        {title}
      </h1>
      {children}
    </section>
  );
}

export function Working({ text }: { text: string }) {
  return (
    <div role="status" className="flex min-h-[280px] flex-col items-center justify-center gap-4 text-center">
      <span aria-hidden="true" className="h-9 w-9 animate-spin rounded-full border-[3px] border-slate-200 border-t-rose-600" />
      <p className="text-sm font-medium text-slate-700">{text}</p>
    </div>
  );
}

export function PrimaryButton({ children, onClick, autoFocus, type = "button", disabled }: { children: ReactNode; onClick?: () => void; autoFocus?: boolean; type?: "button" | "submit"; disabled?: boolean }) {
  return (
    <button
      type={type}
      onClick={onClick}
      autoFocus={autoFocus}
      disabled={disabled}
      className="mt-2 h-11 w-full rounded-lg bg-rose-600 px-4 text-[15px] font-semibold text-white hover:bg-rose-700 disabled:cursor-not-allowed disabled:bg-slate-300"
    >
      {children}
    </button>
  );
}

export function SecondaryButton({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className="h-11 w-full rounded-lg border border-slate-300 bg-white px-4 text-[15px] font-semibold text-slate-800 hover:bg-slate-50">
      {children}
    </button>
  );
}

export function Avatar({ connector, size = "md" }: { connector: WireConnector; size?: "md" | "lg" }) {
  const color = /^[0-9a-f]{6}$/i.test(connector.primaryColor) ? `#${connector.primaryColor}` : "#334155";
  const letter = connector.name.replace(/^banco\s+/i, "").charAt(0).toUpperCase();
  return (
    <span
      aria-hidden="true"
      style={{ background: color, color: readableTextOn(color) }}
      className={`flex flex-none items-center justify-center rounded-xl font-bold ${size === "lg" ? "h-12 w-12 text-lg" : "h-9 w-9 text-base"}`}
    >
      {letter}
    </span>
  );
}

export function ConnectorBadge({ connector, align = "center" }: { connector: WireConnector; align?: "center" | "start" }) {
  return (
    <div className={`mb-3 flex items-center gap-3 ${align === "center" ? "justify-center" : ""}`}>
      <Avatar connector={connector} />
      <span className="text-sm font-semibold text-slate-700">{connector.name}</span>
    </div>
  );
}

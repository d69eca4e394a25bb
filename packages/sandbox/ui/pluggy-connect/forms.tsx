/** The Pluggy Connect stand-in's forms: the bank credentials, and the MFA token. */
import { useId, useState, type FormEvent } from "react";
import type { WireConnector, WireCredential } from "@bank-connections/sandbox/pluggy/types";
import type { SandboxTranslate } from "../messages/translate";
import { Avatar, ConnectorBadge, PrimaryButton } from "./pieces";

const FIELD_NAMES = ["user", "password", "token"] as const;

/** English names the usual fields itself; Portuguese shows the connector's own (Portuguese) labels. */
function fieldLabel(t: SandboxTranslate, field: WireCredential): string {
  if (t.locale === "pt-BR") return field.label;
  const known = FIELD_NAMES.find((n) => n === field.name);
  return known ? t(`fields.${known}`) : field.label;
}

function inputType(c: WireCredential): "password" | "text" {
  return c.type === "password" ? "password" : "text";
}

export function CredentialsForm({
  t,
  connector,
  update,
  message,
  onSubmit,
}: {
  t: SandboxTranslate;
  connector: WireConnector;
  update: boolean;
  message: string | null;
  onSubmit: (params: Record<string, string>) => void;
}) {
  const id = useId();
  const fields = connector.credentials.filter((c) => !c.mfa);
  const [error, setError] = useState<string | null>(message);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const params: Record<string, string> = {};
    for (const f of fields) params[f.name] = String(data.get(f.name) ?? "");
    if (fields.some((f) => !f.optional && params[f.name]!.trim() === "")) {
      setError(t("credentials.required"));
      return;
    }
    onSubmit(params);
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <div className="mb-2 mt-1 flex items-center gap-3">
        <Avatar connector={connector} size="lg" />
        <span className="text-sm font-semibold text-slate-700">{connector.name}</span>
      </div>
      <h1 id={`${id}-title`} className="text-xl font-bold tracking-tight">
        {update ? t("credentials.updateTitle") : t("credentials.title")}
      </h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">{update ? t("credentials.updateText", { bank: connector.name }) : t("credentials.text", { bank: connector.name })}</p>
      <form onSubmit={submit} noValidate>
        {error ? (
          <p role="alert" className="mb-3 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {error}
          </p>
        ) : null}
        {fields.map((f, i) => (
          <div key={f.name} className="mb-3">
            <label htmlFor={`${id}-${f.name}`} className="mb-1 block text-xs font-semibold text-slate-700">
              {fieldLabel(t, f)}
            </label>
            <input
              id={`${id}-${f.name}`}
              name={f.name}
              type={inputType(f)}
              autoFocus={i === 0}
              autoComplete={f.type === "password" ? "current-password" : f.name === "user" ? "username" : "off"}
              placeholder={f.placeholder}
              className="h-11 w-full rounded-lg border border-slate-300 px-3 text-[15px] focus:border-rose-600 focus:outline-none"
            />
          </div>
        ))}
        <PrimaryButton type="submit">{t("credentials.continue")}</PrimaryButton>
      </form>
      <p className="mt-4 rounded-lg bg-slate-100 px-3 py-2 text-xs text-slate-600">{t("credentials.hint")}</p>
    </section>
  );
}

export function MfaForm({
  t,
  connector,
  parameter,
  message,
  onSubmit,
}: {
  t: SandboxTranslate;
  connector: WireConnector;
  parameter: WireCredential;
  message: string | null;
  onSubmit: (value: string) => void;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(message);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get("mfa") ?? "").trim();
    if (!value) {
      setError(t("credentials.required"));
      return;
    }
    onSubmit(value);
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <ConnectorBadge connector={connector} align="start" />
      <h1 id={`${id}-title`} className="text-xl font-bold tracking-tight">
        {t("mfa.title")}
      </h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">{t.locale === "pt-BR" && parameter.instructions ? parameter.instructions : t("mfa.text")}</p>
      <form onSubmit={submit} noValidate>
        {error ? (
          <p role="alert" className="mb-3 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {error}
          </p>
        ) : null}
        <label htmlFor={`${id}-mfa`} className="mb-1 block text-xs font-semibold text-slate-700">
          {fieldLabel(t, parameter)}
        </label>
        <input
          id={`${id}-mfa`}
          name="mfa"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          placeholder={parameter.placeholder}
          className="mb-3 h-11 w-full rounded-lg border border-slate-300 px-3 text-[15px] focus:border-rose-600 focus:outline-none"
        />
        <PrimaryButton type="submit">{t("credentials.continue")}</PrimaryButton>
      </form>
      <p className="mt-4 rounded-lg bg-slate-100 px-3 py-2 text-xs text-slate-600">{t("mfa.hint")}</p>
    </section>
  );
}

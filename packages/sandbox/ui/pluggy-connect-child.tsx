"use client";

import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import type { WireConnector, WireCredential, WireItem } from "@bank-connections/sandbox/pluggy/types";
import { readableTextOn } from "@/components/ui/readable-text";

/**
 * Pluggy Connect stand-in: the page react-pluggy-connect renders in its iframe (`url` prop =
 * `${appUrl}/sandbox/pluggy/connect`). It runs the SAME zoid component definition as the parent
 * (`initialize()` from pluggy-connect-sdk), so zoid hands it `window.xprops`: connectToken,
 * includeSandbox, updateItem, connectorIds/Types, countries, selectedConnectorId, language and
 * the callbacks renamed onSuccessProp / onErrorProp / onEventProp / onCloseProp. It talks to the
 * Pluggy emulator's Connect endpoints with the connect token and reports like Pluggy Connect.
 */

type ConnectEvent =
  | { event: "SUBMITTED_LOGIN" | "SUBMITTED_MFA" }
  | { event: "SELECTED_INSTITUTION"; connector: WireConnector | null }
  | { event: "LOGIN_SUCCESS" | "LOGIN_MFA_SUCCESS" | "LOGIN_STEP_COMPLETED" | "ITEM_RESPONSE"; item: WireItem };

type XProps = {
  connectToken: string;
  includeSandbox?: boolean;
  updateItem?: string;
  connectorTypes?: string[];
  connectorIds?: number[];
  countries?: string[];
  selectedConnectorId?: number;
  language?: string;
  theme?: "light" | "dark";
  onSuccessProp?: (data: { item: WireItem }) => unknown;
  onErrorProp?: (error: { message: string; data?: { item: WireItem } }) => unknown;
  onEventProp?: (payload: ConnectEvent & { timestamp: number }) => unknown;
  onCloseProp?: () => unknown;
  close?: () => Promise<void>;
};

type Session = { connectors: WireConnector[]; updateItem: WireItem | null; expiresAt: string };

type Step =
  | { kind: "loading" }
  | { kind: "standalone" }
  | { kind: "fatal"; message: string }
  | { kind: "select" }
  | { kind: "credentials"; connector: WireConnector; message: string | null }
  | { kind: "working"; connector: WireConnector; text: string }
  | { kind: "mfa"; connector: WireConnector; item: WireItem; parameter: WireCredential; message: string | null }
  | { kind: "success"; connector: WireConnector; item: WireItem }
  | { kind: "failed"; connector: WireConnector; item: WireItem | null; message: string; canRetry: boolean };

type Lang = "en" | "pt";

const TEXT = {
  en: {
    brand: "Sandbox",
    close: "Close",
    back: "Back",
    loading: "Loading…",
    chooseTitle: "Choose your bank",
    chooseText: "Connect an account to share its transactions.",
    search: "Search",
    searchPlaceholder: "Bank name",
    none: (q: string) => `No bank matches “${q}”.`,
    sandboxTag: "Sandbox",
    personal: "Personal bank",
    business: "Business bank",
    unavailable: "Unavailable right now",
    credsTitle: "Sign in to your bank",
    updateTitle: "Reconnect your bank",
    credsText: (bank: string) => `Enter the credentials you use at ${bank}.`,
    updateText: (bank: string) => `Your connection to ${bank} needs attention. Sign in again to keep it working.`,
    username: "Username",
    password: "Password",
    cont: "Continue",
    required: "Fill in every field.",
    hint: "Sandbox: user-ok / password-ok. MFA: user-mfa (token 123456).",
    connecting: "Connecting to your bank…",
    verifying: "Checking the code…",
    mfaTitle: "Confirm it is you",
    mfaText: "Enter the token your bank sent to your phone.",
    mfaHint: "Sandbox token: 123456.",
    successTitle: "Connected!",
    successText: (bank: string) => `${bank} is connected. You can close this window.`,
    failedTitle: "We could not connect",
    tryAgain: "Try again",
    expired: "This session has expired. Close this window and start again.",
    unreachable: "The sandbox could not be reached. Close this window and try again.",
    wrongItem: "This connect token cannot update that connection.",
    standaloneTitle: "Pluggy Connect (sandbox)",
    standaloneText: "This page runs inside the Pluggy Connect widget of the portal. Open it from the portal (Banks, or the sandbox page) to connect a Brazilian bank.",
    footer: "Local sandbox — no real bank is contacted.",
    field: (name: string, label: string) => (name === "user" ? "Username" : name === "password" ? "Password" : name === "token" ? "Token" : label),
  },
  pt: {
    brand: "Sandbox",
    close: "Fechar",
    back: "Voltar",
    loading: "Carregando…",
    chooseTitle: "Escolha seu banco",
    chooseText: "Conecte uma conta para compartilhar as transações.",
    search: "Buscar",
    searchPlaceholder: "Nome do banco",
    none: (q: string) => `Nenhum banco encontrado para “${q}”.`,
    sandboxTag: "Sandbox",
    personal: "Banco pessoal",
    business: "Banco empresarial",
    unavailable: "Indisponível no momento",
    credsTitle: "Entre no seu banco",
    updateTitle: "Reconecte seu banco",
    credsText: (bank: string) => `Informe as credenciais que você usa no ${bank}.`,
    updateText: (bank: string) => `Sua conexão com ${bank} precisa de atenção. Entre novamente para mantê-la funcionando.`,
    username: "Usuário",
    password: "Senha",
    cont: "Continuar",
    required: "Preencha todos os campos.",
    hint: "Sandbox: user-ok / password-ok. MFA: user-mfa (token 123456).",
    connecting: "Conectando ao seu banco…",
    verifying: "Verificando o código…",
    mfaTitle: "Confirme que é você",
    mfaText: "Digite o token que o seu banco enviou para o seu celular.",
    mfaHint: "Token do sandbox: 123456.",
    successTitle: "Conectado!",
    successText: (bank: string) => `${bank} foi conectado. Você já pode fechar esta janela.`,
    failedTitle: "Não foi possível conectar",
    tryAgain: "Tentar novamente",
    expired: "Esta sessão expirou. Feche esta janela e comece de novo.",
    unreachable: "Não foi possível acessar o sandbox. Feche esta janela e tente novamente.",
    wrongItem: "Este token não pode atualizar esta conexão.",
    standaloneTitle: "Pluggy Connect (sandbox)",
    standaloneText: "Esta página roda dentro do widget Pluggy Connect do portal.",
    footer: "Sandbox local — nenhum banco real é contatado.",
    field: (_name: string, label: string) => label,
  },
} as const;

function pickLang(language: string | undefined): Lang {
  const l = (language ?? (typeof navigator !== "undefined" ? navigator.language : "en")).toLowerCase();
  return l.startsWith("pt") ? "pt" : "en";
}

const FINAL_OK = new Set(["UPDATED"]);
const FINAL_ERROR = new Set(["LOGIN_ERROR", "OUTDATED"]);

/** Calls a zoid callback prop without letting its failure (or its promise) break the widget. */
function call<A extends unknown[]>(fn: ((...args: A) => unknown) | undefined, ...args: A): void {
  if (typeof fn !== "function") return;
  try {
    void Promise.resolve(fn(...args)).catch((e: unknown) => console.error("[pluggy-connect sandbox] callback failed", e));
  } catch (e) {
    console.error("[pluggy-connect sandbox] callback failed", e);
  }
}

type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string };

function apiBase(): string {
  // This page is <api>/connect: the API is its parent path.
  return window.location.pathname.replace(/\/connect\/?$/, "");
}

async function api<T>(method: "GET" | "POST", path: string, token: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(`${apiBase()}${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-API-KEY": token },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
    const data = (await res.json().catch(() => null)) as (T & { codeDescription?: string; message?: string }) | null;
    if (res.ok && data) return { ok: true, data };
    return { ok: false, status: res.status, code: data?.codeDescription ?? `HTTP_${res.status}`, message: data?.message ?? `The sandbox answered ${res.status}.` };
  } catch {
    return { ok: false, status: 0, code: "NETWORK", message: "" };
  }
}

export function PluggyConnectChild() {
  const [xprops, setXprops] = useState<XProps | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [step, setStep] = useState<Step>({ kind: "loading" });
  const [query, setQuery] = useState("");
  const lang = pickLang(xprops?.language);
  const t = TEXT[lang];
  const started = useRef(false);

  const emit = useCallback(
    (payload: ConnectEvent) => {
      call(xprops?.onEventProp, { ...payload, timestamp: Date.now() });
    },
    [xprops],
  );

  const close = useCallback(() => {
    // zoid's own close: the parent fires EVENT.CLOSE, which calls onClose (once) and removes the modal.
    if (xprops?.close) {
      void xprops.close().catch(() => call(xprops.onCloseProp));
    } else call(xprops?.onCloseProp);
  }, [xprops]);

  const fail = useCallback(
    (message: string, x: XProps | null) => {
      setStep({ kind: "fatal", message });
      call(x?.onErrorProp, { message });
    },
    [],
  );

  // Bootstrap: register the zoid child (same definition as the parent), then load the session.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      let x: XProps | undefined;
      try {
        const sdk = await import("pluggy-connect-sdk/dist/module/pluggy-connect");
        sdk.initialize();
        x = (window as unknown as { xprops?: XProps }).xprops;
      } catch (e) {
        console.error("[pluggy-connect sandbox] zoid child failed to start", e);
      }
      if (!x || typeof x.connectToken !== "string") {
        setStep({ kind: "standalone" });
        return;
      }
      setXprops(x);
      const lx = TEXT[pickLang(x.language)];
      const r = await api<Session>("POST", "/connect/sandbox/session", x.connectToken, { connectToken: x.connectToken, includeSandbox: x.includeSandbox ?? false });
      if (!r.ok) {
        fail(r.status === 401 ? lx.expired : r.status === 0 ? lx.unreachable : r.message, x);
        return;
      }
      setSession(r.data);
      if (x.updateItem && r.data.updateItem?.id !== x.updateItem) {
        fail(lx.wrongItem, x);
        return;
      }
      if (r.data.updateItem) {
        setStep({ kind: "credentials", connector: r.data.updateItem.connector, message: null });
        return;
      }
      const pre = x.selectedConnectorId !== undefined ? r.data.connectors.find((c) => c.id === x!.selectedConnectorId) : undefined;
      if (pre) {
        call(x.onEventProp, { event: "SELECTED_INSTITUTION", connector: pre, timestamp: Date.now() });
        setStep({ kind: "credentials", connector: pre, message: null });
        return;
      }
      setStep({ kind: "select" });
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once: zoid registers the child a single time
  }, []);

  // Escape inside the iframe closes, as Escape in the parent page does.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && xprops) {
        e.preventDefault();
        close();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [close, xprops]);

  const connectors = useMemo(() => {
    if (!session || !xprops) return [];
    return session.connectors.filter(
      (c) =>
        (!xprops.connectorIds?.length || xprops.connectorIds.includes(c.id)) &&
        (!xprops.connectorTypes?.length || xprops.connectorTypes.includes(c.type)) &&
        (!xprops.countries?.length || xprops.countries.includes(c.country)),
    );
  }, [session, xprops]);

  /** After an item answer: success, MFA, failure, or keep polling while it runs. */
  const settle = useCallback(
    async (connector: WireConnector, first: WireItem, viaMfa: boolean) => {
      if (!xprops) return;
      let item = first;
      for (let polls = 0; !FINAL_OK.has(item.status) && !FINAL_ERROR.has(item.status) && item.status !== "WAITING_USER_INPUT" && polls < 60; polls++) {
        await new Promise((r) => setTimeout(r, 500));
        const r = await api<WireItem>("GET", `/items/${encodeURIComponent(item.id)}`, xprops.connectToken);
        if (!r.ok) break;
        item = r.data;
      }
      emit({ event: "ITEM_RESPONSE", item });
      if (item.status === "WAITING_USER_INPUT" && item.parameter) {
        setStep({ kind: "mfa", connector, item, parameter: item.parameter, message: null });
        return;
      }
      if (FINAL_OK.has(item.status)) {
        emit({ event: viaMfa ? "LOGIN_MFA_SUCCESS" : "LOGIN_SUCCESS", item });
        emit({ event: "LOGIN_STEP_COMPLETED", item });
        setStep({ kind: "success", connector, item });
        call(xprops.onSuccessProp, { item });
        return;
      }
      const message =
        item.error?.message ?? (FINAL_ERROR.has(item.status) ? (lang === "pt" ? "A conexão não foi concluída." : "The connection did not complete.") : lang === "pt" ? "O banco não respondeu a tempo." : "The bank did not answer in time.");
      const canRetry = item.status === "LOGIN_ERROR";
      setStep({ kind: "failed", connector, item, message, canRetry });
      call(xprops.onErrorProp, { message, data: { item } });
    },
    [emit, lang, xprops],
  );

  const submitCredentials = useCallback(
    async (connector: WireConnector, parameters: Record<string, string>) => {
      if (!xprops) return;
      emit({ event: "SUBMITTED_LOGIN" });
      setStep({ kind: "working", connector, text: t.connecting });
      const r = await api<{ item: WireItem }>("POST", "/connect/sandbox/submit", xprops.connectToken, { connectToken: xprops.connectToken, connectorId: connector.id, parameters });
      if (!r.ok) {
        if (r.status === 401) return fail(t.expired, xprops);
        setStep({ kind: "credentials", connector, message: r.status === 0 ? t.unreachable : r.message });
        return;
      }
      await settle(connector, r.data.item, false);
    },
    [emit, fail, settle, t, xprops],
  );

  const submitMfa = useCallback(
    async (connector: WireConnector, item: WireItem, parameter: WireCredential, value: string) => {
      if (!xprops) return;
      emit({ event: "SUBMITTED_MFA" });
      setStep({ kind: "working", connector, text: t.verifying });
      const r = await api<{ item: WireItem }>("POST", "/connect/sandbox/mfa", xprops.connectToken, { connectToken: xprops.connectToken, itemId: item.id, parameters: { [parameter.name]: value } });
      if (!r.ok) {
        if (r.status === 401) return fail(t.expired, xprops);
        setStep({ kind: "mfa", connector, item, parameter, message: r.status === 0 ? t.unreachable : r.message });
        return;
      }
      await settle(connector, r.data.item, true);
    },
    [emit, fail, settle, t, xprops],
  );

  const canGoBack = (step.kind === "credentials" || (step.kind === "failed" && step.canRetry)) && !session?.updateItem && xprops?.selectedConnectorId === undefined;

  let content: ReactNode;
  switch (step.kind) {
    case "loading":
      content = <Working text={t.loading} />;
      break;
    case "standalone":
      content = (
        <Panel title={t.standaloneTitle}>
          <p className="text-sm text-slate-600">{t.standaloneText}</p>
        </Panel>
      );
      break;
    case "fatal":
      content = (
        <Panel title={t.failedTitle} icon="!">
          <p role="alert" className="text-sm text-slate-600">
            {step.message}
          </p>
          <PrimaryButton onClick={close}>{t.close}</PrimaryButton>
        </Panel>
      );
      break;
    case "select":
      content = (
        <ConnectorList
          t={t}
          connectors={connectors}
          query={query}
          onQuery={setQuery}
          onChoose={(c) => {
            emit({ event: "SELECTED_INSTITUTION", connector: c });
            setStep({ kind: "credentials", connector: c, message: null });
          }}
        />
      );
      break;
    case "credentials":
      content = (
        <CredentialsForm
          key={`${step.connector.id}:${step.message ?? ""}`}
          t={t}
          lang={lang}
          connector={step.connector}
          update={Boolean(session?.updateItem)}
          message={step.message}
          onSubmit={(params) => void submitCredentials(step.connector, params)}
        />
      );
      break;
    case "working":
      content = (
        <>
          <ConnectorBadge connector={step.connector} />
          <Working text={step.text} />
        </>
      );
      break;
    case "mfa":
      content = (
        <MfaForm
          key={`${step.item.id}:${step.message ?? ""}`}
          t={t}
          lang={lang}
          connector={step.connector}
          parameter={step.parameter}
          message={step.message}
          onSubmit={(v) => void submitMfa(step.connector, step.item, step.parameter, v)}
        />
      );
      break;
    case "success":
      content = (
        <Panel title={t.successTitle} icon="✓" tone="ok">
          <ConnectorBadge connector={step.connector} />
          <p className="text-sm text-slate-600" role="status">
            {t.successText(step.connector.name)}
          </p>
          <p className="text-xs text-slate-500">
            Item <code className="font-mono">{step.item.id}</code>
          </p>
          <PrimaryButton onClick={close} autoFocus>
            {t.close}
          </PrimaryButton>
        </Panel>
      );
      break;
    case "failed":
      content = (
        <Panel title={t.failedTitle} icon="!">
          <ConnectorBadge connector={step.connector} />
          <p role="alert" className="text-sm text-slate-700">
            {step.message}
          </p>
          {step.item?.error?.code ? <p className="text-xs text-slate-500">{step.item.error.code}</p> : null}
          {step.canRetry ? (
            <PrimaryButton onClick={() => setStep({ kind: "credentials", connector: step.connector, message: null })} autoFocus>
              {t.tryAgain}
            </PrimaryButton>
          ) : null}
          <SecondaryButton onClick={close}>{t.close}</SecondaryButton>
        </Panel>
      );
      break;
  }

  return (
    <main className="flex h-dvh min-h-0 flex-col bg-white text-slate-900" lang={lang === "pt" ? "pt-BR" : "en"}>
      <header className="flex h-12 flex-none items-center gap-2 border-b border-slate-100 px-3">
        {canGoBack ? (
          <button
            type="button"
            aria-label={t.back}
            className="flex h-8 w-8 items-center justify-center rounded-full text-xl text-slate-700 hover:bg-slate-100"
            onClick={() => setStep({ kind: "select" })}
          >
            ‹
          </button>
        ) : (
          <span className="h-8 w-8" aria-hidden="true" />
        )}
        <span className="flex-1 text-center text-xs font-semibold uppercase tracking-wider text-slate-500">
          <span className="text-rose-600">Pluggy</span> · {t.brand}
        </span>
        {xprops ? (
          <button type="button" aria-label={t.close} className="flex h-8 w-8 items-center justify-center rounded-full text-xl text-slate-700 hover:bg-slate-100" onClick={close}>
            ×
          </button>
        ) : (
          <span className="h-8 w-8" aria-hidden="true" />
        )}
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{content}</div>
      <footer className="flex-none border-t border-slate-100 px-4 py-2 text-center text-[11px] text-slate-500">{t.footer}</footer>
    </main>
  );
}

// ── pieces ────────────────────────────────────────────────────────────────────────────────────

type T = (typeof TEXT)[Lang];

function Panel({ title, icon, tone, children }: { title: string; icon?: string; tone?: "ok"; children: ReactNode }) {
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

function Working({ text }: { text: string }) {
  return (
    <div role="status" className="flex min-h-[280px] flex-col items-center justify-center gap-4 text-center">
      <span aria-hidden="true" className="h-9 w-9 animate-spin rounded-full border-[3px] border-slate-200 border-t-rose-600" />
      <p className="text-sm font-medium text-slate-700">{text}</p>
    </div>
  );
}

function PrimaryButton({ children, onClick, autoFocus, type = "button", disabled }: { children: ReactNode; onClick?: () => void; autoFocus?: boolean; type?: "button" | "submit"; disabled?: boolean }) {
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

function SecondaryButton({ children, onClick }: { children: ReactNode; onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className="h-11 w-full rounded-lg border border-slate-300 bg-white px-4 text-[15px] font-semibold text-slate-800 hover:bg-slate-50">
      {children}
    </button>
  );
}

function Avatar({ connector, size = "md" }: { connector: WireConnector; size?: "md" | "lg" }) {
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

function ConnectorBadge({ connector, align = "center" }: { connector: WireConnector; align?: "center" | "start" }) {
  return (
    <div className={`mb-3 flex items-center gap-3 ${align === "center" ? "justify-center" : ""}`}>
      <Avatar connector={connector} />
      <span className="text-sm font-semibold text-slate-700">{connector.name}</span>
    </div>
  );
}

function ConnectorList({
  t,
  connectors,
  query,
  onQuery,
  onChoose,
}: {
  t: T;
  connectors: WireConnector[];
  query: string;
  onQuery: (q: string) => void;
  onChoose: (c: WireConnector) => void;
}) {
  const id = useId();
  const q = query.trim().toLowerCase();
  const shown = connectors.filter((c) => !q || c.name.toLowerCase().includes(q));
  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} className="mt-1 text-xl font-bold tracking-tight">
        {t.chooseTitle}
      </h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">{t.chooseText}</p>
      <label htmlFor={`${id}-search`} className="mb-1 block text-xs font-semibold text-slate-700">
        {t.search}
      </label>
      <input
        id={`${id}-search`}
        type="search"
        autoFocus
        autoComplete="off"
        value={query}
        placeholder={t.searchPlaceholder}
        onChange={(e) => onQuery(e.target.value)}
        className="mb-3 h-11 w-full rounded-lg border border-slate-300 px-3 text-[15px] focus:border-rose-600 focus:outline-none"
      />
      {shown.length === 0 ? (
        <p role="status" className="text-sm text-slate-600">
          {t.none(query.trim())}
        </p>
      ) : null}
      <ul className="flex flex-col gap-1.5" aria-label={t.chooseTitle}>
        {shown.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              onClick={() => onChoose(c)}
              className="flex w-full items-center gap-3 rounded-xl border border-slate-200 px-3 py-2.5 text-left hover:border-slate-400 hover:bg-slate-50"
            >
              <Avatar connector={c} />
              <span className="min-w-0 flex-1">
                <span className="block text-[15px] font-medium leading-snug">{c.name}</span>
                <span className={`block text-xs ${c.health.status === "OFFLINE" ? "text-amber-700" : "text-slate-500"}`}>
                  {c.health.status === "OFFLINE" ? t.unavailable : c.type === "BUSINESS_BANK" ? t.business : t.personal}
                </span>
              </span>
              {c.isSandbox ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] font-semibold text-slate-600">{t.sandboxTag}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function inputType(c: WireCredential): "password" | "text" {
  return c.type === "password" ? "password" : "text";
}

function CredentialsForm({
  t,
  lang,
  connector,
  update,
  message,
  onSubmit,
}: {
  t: T;
  lang: Lang;
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
      setError(t.required);
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
        {update ? t.updateTitle : t.credsTitle}
      </h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">{update ? t.updateText(connector.name) : t.credsText(connector.name)}</p>
      <form onSubmit={submit} noValidate>
        {error ? (
          <p role="alert" className="mb-3 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {error}
          </p>
        ) : null}
        {fields.map((f, i) => (
          <div key={f.name} className="mb-3">
            <label htmlFor={`${id}-${f.name}`} className="mb-1 block text-xs font-semibold text-slate-700">
              {lang === "pt" ? f.label : t.field(f.name, f.label)}
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
        <PrimaryButton type="submit">{t.cont}</PrimaryButton>
      </form>
      <p className="mt-4 rounded-lg bg-slate-100 px-3 py-2 text-xs text-slate-600">{t.hint}</p>
    </section>
  );
}

function MfaForm({
  t,
  lang,
  connector,
  parameter,
  message,
  onSubmit,
}: {
  t: T;
  lang: Lang;
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
      setError(t.required);
      return;
    }
    onSubmit(value);
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <ConnectorBadge connector={connector} align="start" />
      <h1 id={`${id}-title`} className="text-xl font-bold tracking-tight">
        {t.mfaTitle}
      </h1>
      <p className="mb-4 mt-1 text-sm text-slate-600">{lang === "pt" && parameter.instructions ? parameter.instructions : t.mfaText}</p>
      <form onSubmit={submit} noValidate>
        {error ? (
          <p role="alert" className="mb-3 rounded-lg border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {error}
          </p>
        ) : null}
        <label htmlFor={`${id}-mfa`} className="mb-1 block text-xs font-semibold text-slate-700">
          {lang === "pt" ? parameter.label : t.field(parameter.name, parameter.label)}
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
        <PrimaryButton type="submit">{t.cont}</PrimaryButton>
      </form>
      <p className="mt-4 rounded-lg bg-slate-100 px-3 py-2 text-xs text-slate-600">{t.mfaHint}</p>
    </section>
  );
}

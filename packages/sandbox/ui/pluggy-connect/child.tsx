"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { WireConnector, WireCredential, WireItem } from "@bank-connections/sandbox/pluggy/types";
import { pickSandboxLocale, sandboxTranslator } from "../messages/translate";
import { api, call, FINAL_ERROR, FINAL_OK, type ConnectEvent, type Session, type Step, type XProps } from "./api";
import { StepView } from "./step-view";

/**
 * Pluggy Connect stand-in: the page react-pluggy-connect renders in its iframe (`url` prop =
 * `${appUrl}/sandbox/pluggy/connect`). It runs the SAME zoid component definition as the parent
 * (`initialize()` from pluggy-connect-sdk), so zoid hands it `window.xprops`: connectToken,
 * includeSandbox, updateItem, connectorIds/Types, countries, selectedConnectorId, language and
 * the callbacks renamed onSuccessProp / onErrorProp / onEventProp / onCloseProp. It talks to the
 * Pluggy emulator's Connect endpoints with the connect token (api.ts) and reports like Pluggy Connect.
 * Its texts are in ../messages (en, pt-BR); each screen is drawn by step-view.tsx.
 */

export function PluggyConnectChild() {
  const [xprops, setXprops] = useState<XProps | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [step, setStep] = useState<Step>({ kind: "loading" });
  const [query, setQuery] = useState("");
  const t = useMemo(() => sandboxTranslator(pickSandboxLocale(xprops?.language)), [xprops?.language]);
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
      const lx = sandboxTranslator(pickSandboxLocale(x.language));
      const r = await api<Session>("POST", "/connect/sandbox/session", x.connectToken, { connectToken: x.connectToken, includeSandbox: x.includeSandbox ?? false });
      if (!r.ok) {
        fail(r.status === 401 ? lx("errors.expired") : r.status === 0 ? lx("errors.unreachable") : r.message, x);
        return;
      }
      setSession(r.data);
      if (x.updateItem && r.data.updateItem?.id !== x.updateItem) {
        fail(lx("errors.wrongItem"), x);
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
      const message = item.error?.message ?? (FINAL_ERROR.has(item.status) ? t("failed.incomplete") : t("failed.timeout"));
      const canRetry = item.status === "LOGIN_ERROR";
      setStep({ kind: "failed", connector, item, message, canRetry });
      call(xprops.onErrorProp, { message, data: { item } });
    },
    [emit, t, xprops],
  );

  const submitCredentials = useCallback(
    async (connector: WireConnector, parameters: Record<string, string>) => {
      if (!xprops) return;
      emit({ event: "SUBMITTED_LOGIN" });
      setStep({ kind: "working", connector, text: t("working.connecting") });
      const r = await api<{ item: WireItem }>("POST", "/connect/sandbox/submit", xprops.connectToken, { connectToken: xprops.connectToken, connectorId: connector.id, parameters });
      if (!r.ok) {
        if (r.status === 401) return fail(t("errors.expired"), xprops);
        setStep({ kind: "credentials", connector, message: r.status === 0 ? t("errors.unreachable") : r.message });
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
      setStep({ kind: "working", connector, text: t("working.verifying") });
      const r = await api<{ item: WireItem }>("POST", "/connect/sandbox/mfa", xprops.connectToken, { connectToken: xprops.connectToken, itemId: item.id, parameters: { [parameter.name]: value } });
      if (!r.ok) {
        if (r.status === 401) return fail(t("errors.expired"), xprops);
        setStep({ kind: "mfa", connector, item, parameter, message: r.status === 0 ? t("errors.unreachable") : r.message });
        return;
      }
      await settle(connector, r.data.item, true);
    },
    [emit, fail, settle, t, xprops],
  );

  const canGoBack = (step.kind === "credentials" || (step.kind === "failed" && step.canRetry)) && !session?.updateItem && xprops?.selectedConnectorId === undefined;

  const content = (
    <StepView
      step={step}
      t={t}
      connectors={connectors}
      query={query}
      onQuery={setQuery}
      update={Boolean(session?.updateItem)}
      onClose={close}
      onStep={setStep}
      onChoose={(c) => {
        emit({ event: "SELECTED_INSTITUTION", connector: c });
        setStep({ kind: "credentials", connector: c, message: null });
      }}
      onCredentials={(connector, params) => void submitCredentials(connector, params)}
      onMfa={(connector, item, parameter, value) => void submitMfa(connector, item, parameter, value)}
    />
  );

  return (
    <main className="flex h-dvh min-h-0 flex-col bg-white text-slate-900" lang={t.locale}>
      <header className="flex h-12 flex-none items-center gap-2 border-b border-slate-100 px-3">
        {canGoBack ? (
          <button
            type="button"
            aria-label={t("back")}
            className="flex h-8 w-8 items-center justify-center rounded-full text-xl text-slate-700 hover:bg-slate-100"
            onClick={() => setStep({ kind: "select" })}
          >
            ‹
          </button>
        ) : (
          <span className="h-8 w-8" aria-hidden="true" />
        )}
        <span className="flex-1 text-center text-xs font-semibold uppercase tracking-wider text-slate-500">
          <span className="text-rose-600">Pluggy</span> · {t("brand")}
        </span>
        {xprops ? (
          <button type="button" aria-label={t("close")} className="flex h-8 w-8 items-center justify-center rounded-full text-xl text-slate-700 hover:bg-slate-100" onClick={close}>
            ×
          </button>
        ) : (
          <span className="h-8 w-8" aria-hidden="true" />
        )}
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{content}</div>
      <footer className="flex-none border-t border-slate-100 px-4 py-2 text-center text-[11px] text-slate-500">{t("footer")}</footer>
    </main>
  );
}


"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef } from "react";
import { usePlaidLink, type PlaidLinkError } from "react-plaid-link";
import { useSandboxPlaidShim } from "@/lib/sandbox/plaid-link-shim";
import { useLocale, useT } from "@/lib/i18n/client";
import { PLUGGY_LANGUAGE } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/i18n/translate";
import type { LinkSession } from "@/lib/providers/types";

// react-pluggy-connect touches `window` when imported: browser only.
const PluggyConnect = dynamic(() => import("react-pluggy-connect").then((m) => m.PluggyConnect), { ssr: false });

export type WidgetOutcome =
  | { kind: "success"; provider: "PLAID"; publicToken: string; institutionId: string | null }
  | { kind: "success"; provider: "PLUGGY"; itemId: string }
  /** `error`: Plaid's error_type / error_code when Link exited with one (the OAuth return page tells them apart). */
  | { kind: "exit"; message: string | null; error?: { type: string; code: string } };

/**
 * `receivedRedirectUri`: the OAuth return page's own URL (with oauth_state_id) — Plaid Link is
 * re-opened with the same link token and finishes the OAuth bank's sign-in (plaid.com/docs/link/oauth).
 */
type Props = { session: LinkSession; sandbox: boolean; onOutcome: (o: WidgetOutcome) => void; receivedRedirectUri?: string };

/** Opens the provider's own widget (Plaid Link / Pluggy Connect) for a link session. */
export function LinkWidget({ session, sandbox, onOutcome, receivedRedirectUri }: Props) {
  // The widgets keep the callbacks of their first render: route them through a ref.
  const outcome = useRef(onOutcome);
  const t = useT();
  const locale = useLocale();
  useEffect(() => {
    outcome.current = onOutcome;
  }, [onOutcome]);
  if (session.provider === "PLAID") return <PlaidWidget token={session.linkToken} sandbox={sandbox} receivedRedirectUri={receivedRedirectUri} onOutcome={(o) => outcome.current(o)} />;
  return (
    <PluggyConnect
      connectToken={session.connectToken}
      {...(session.connectUrl ? { url: session.connectUrl } : {})}
      {...(session.updateItemId ? { updateItem: session.updateItemId } : {})}
      {...(session.selectedConnectorId !== undefined ? { selectedConnectorId: session.selectedConnectorId } : {})}
      includeSandbox={sandbox}
      language={PLUGGY_LANGUAGE[locale]}
      onSuccess={({ item }) => outcome.current({ kind: "success", provider: "PLUGGY", itemId: item.id })}
      onError={({ message }) => outcome.current({ kind: "exit", message: message || t("widget.failed") })}
      onClose={() => outcome.current({ kind: "exit", message: null })}
      onLoadError={() => outcome.current({ kind: "exit", message: t("widget.pluggyLoadError") })}
    />
  );
}

type PlaidProps = { token: string; sandbox: boolean; receivedRedirectUri: string | undefined; onOutcome: (o: WidgetOutcome) => void };

function PlaidWidget({ sandbox, ...opener }: PlaidProps) {
  const { ready } = useSandboxPlaidShim(sandbox);
  if (sandbox && !ready) return null;
  return <PlaidOpener {...opener} />;
}

function exitMessage(t: Translate, err: PlaidLinkError | null): string | null {
  if (!err) return null;
  if (err.error_code === "INVALID_LINK_TOKEN") return t("widget.expired");
  return err.display_message ?? err.error_message ?? t("widget.failed");
}

function PlaidOpener({ token, receivedRedirectUri, onOutcome }: Omit<PlaidProps, "sandbox">) {
  const t = useT();
  const { open, ready } = usePlaidLink({
    token,
    ...(receivedRedirectUri ? { receivedRedirectUri } : {}),
    onSuccess: (publicToken, metadata) => {
      if (publicToken) onOutcome({ kind: "success", provider: "PLAID", publicToken, institutionId: metadata.institution?.institution_id ?? null });
      else onOutcome({ kind: "exit", message: t("widget.noToken") });
    },
    onExit: (err) => onOutcome({ kind: "exit", message: exitMessage(t, err), ...(err ? { error: { type: err.error_type, code: err.error_code } } : {}) }),
  });
  const opened = useRef(false);
  useEffect(() => {
    if (ready && !opened.current) {
      opened.current = true;
      open();
    }
  }, [ready, open]);
  return null;
}

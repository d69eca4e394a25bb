"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useState, useSyncExternalStore, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { useT } from "@/lib/i18n/client";
import type { Translate } from "@/lib/i18n/translate";
import { LinkWidget, type WidgetOutcome } from "./link-widget";

type Outcome = { kind: "created"; connectionId: string } | { kind: "duplicate"; connectionId: string; institutionName: string } | { kind: "reconnected"; connectionId: string };
type Complete = (input: { bookId: string; sessionId: string; publicToken: string; institutionId: string | null }) => Promise<ActionResult<Outcome>>;

type Abandon = (input: { bookId: string; sessionId: string }) => Promise<ActionResult<{ sessionId: string }>>;

type Props = { bookId: string; sessionId: string; linkToken: string; sandbox: boolean; complete: Complete; abandon: Abandon };

const noSubscription = () => () => {};

/** Why Link ended on the return page, in words: denied at the bank, a stale or foreign state, or Plaid's own message. */
function exitText(t: Translate, o: Extract<WidgetOutcome, { kind: "exit" }>): string {
  const code = o.error?.code;
  if (!o.error) return t("oauth.closed");
  if (code === "ACCESS_NOT_GRANTED") return t("oauth.denied");
  if (code === "INVALID_LINK_TOKEN" || o.error.type === "OAUTH_ERROR") return t("oauth.stale");
  return t("oauth.failed", { reason: o.message ?? code ?? "" });
}

/**
 * The OAuth return page's client half: re-opens Plaid Link with the pending session's link token
 * and this page's URL as `receivedRedirectUri`, then finishes on the server (completeOAuthLink).
 */
export function OAuthResume({ bookId, sessionId, linkToken, sandbox, complete, abandon }: Props) {
  const t = useT();
  const router = useRouter();
  const [open, setOpen] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<{ connectionId: string; name: string } | null>(null);
  const [busy, start] = useTransition();
  // The browser's own URL (with oauth_state_id): known in the browser only, never on the server.
  const href = useSyncExternalStore(noSubscription, () => window.location.href, () => null);

  const onOutcome = useCallback(
    (o: WidgetOutcome) => {
      setOpen(false);
      if (o.kind === "exit") {
        setProblem(exitText(t, o));
        // Nothing to finish any more: a reload or a replay of this URL then finds nothing waiting.
        void abandon({ bookId, sessionId });
        return;
      }
      if (o.provider !== "PLAID") return;
      start(async () => {
        const r = await complete({ bookId, sessionId, publicToken: o.publicToken, institutionId: o.institutionId });
        if (!r.ok) {
          setProblem(t.msg(r.message));
          return;
        }
        if (r.data.kind === "duplicate") {
          setDuplicate({ connectionId: r.data.connectionId, name: r.data.institutionName });
          return;
        }
        const again = r.data.kind === "reconnected" ? "&again=1" : "";
        router.replace(`/books/${bookId}/automations/connections?connected=${r.data.connectionId}${again}`);
      });
    },
    [abandon, bookId, complete, router, sessionId, t],
  );

  const banks = (
    <Link href={`/books/${bookId}/automations/banks`} className="font-medium text-brand-700 underline">
      {t("oauth.backToBanks")}
    </Link>
  );
  return (
    <div className="space-y-3">
      {problem ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>{problem}</p>
          <p className="mt-1">{banks}</p>
        </div>
      ) : duplicate ? (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("banks.duplicate", { name: duplicate.name })}{" "}
          <Link className="font-medium underline" href={`/books/${bookId}/automations/connections?reconnect=${duplicate.connectionId}`}>
            {t("banks.goToConnection")}
          </Link>
        </div>
      ) : (
        <p role="status" className="text-sm text-slate-600">
          {busy ? t("common.working") : t("oauth.finishing")}
        </p>
      )}
      {open && href ? <LinkWidget session={{ provider: "PLAID", linkToken, expiresAt: "" }} sandbox={sandbox} receivedRedirectUri={href} onOutcome={onOutcome} /> : null}
    </div>
  );
}

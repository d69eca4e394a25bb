import type { Metadata } from "next";
import Link from "next/link";
import { appContext, requireUser } from "@/lib/app-context";
import { resolveBookAccess } from "@/lib/auth/access";
import { getConfig } from "@/lib/config";
import { findPendingLinkSession } from "@/lib/connections/link-sessions";
import { getT } from "@/lib/i18n/server";
import { OAuthResume } from "@/components/automations/oauth-resume";
import { abandonOAuthLink, completeOAuthLink } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("oauth.title"), robots: { index: false } };
}

/**
 * Plaid's redirect_uri (PLAID_REDIRECT_URI): an OAuth bank sends the browser back here with
 * ?oauth_state_id=…. The pending Link session is found from the signed-in user (never the URL), so
 * a fresh tab works too; Link is re-opened with it (components/automations/oauth-resume.tsx).
 */
export default async function PlaidOAuthReturnPage({ searchParams }: { searchParams: Promise<{ oauth_state_id?: string | string[] }> }) {
  const user = await requireUser("/oauth/plaid");
  const t = await getT();
  const state = (await searchParams).oauth_state_id;
  const ctx = appContext();
  const db = await ctx.db();
  const session = typeof state === "string" && state.length > 0 && state.length <= 200 ? await findPendingLinkSession(db, user.id, ctx.clock.now()) : null;
  const access = session ? await resolveBookAccess(db, user.id, session.bookId, "VIEWER") : null;

  return (
    <div className="mx-auto max-w-xl">
      <h2 className="mb-3 text-lg font-semibold">{t("oauth.title")}</h2>
      {session && access?.kind === "ok" ? (
        <OAuthResume bookId={session.bookId} sessionId={session.id} linkToken={session.linkToken} sandbox={getConfig().plaid.mode === "local-sandbox"} complete={completeOAuthLink} abandon={abandonOAuthLink} />
      ) : (
        <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="font-medium">{t("oauth.nothingWaitingTitle")}</p>
          <p className="mt-1">{t("oauth.nothingWaitingBody")}</p>
          <p className="mt-1">
            <Link href="/books" className="font-medium underline">
              {t("oauth.toBooks")}
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}

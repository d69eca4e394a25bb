import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/app-context";
import { getSandbox, isSandboxEnabled, PLAID_WEBHOOK_CODES, PLUGGY_WEBHOOK_EVENTS, sandboxOverview, sandboxViewer } from "@/lib/sandbox/mount";
import { listInstitutions } from "@bank-connections/sandbox/data/institutions";
import { SandboxConsole } from "@bank-connections/sandbox/ui/sandbox-console";
import { TryPlaidLink } from "@bank-connections/sandbox/ui/try-plaid-link";
import { TryPluggyConnect } from "@bank-connections/sandbox/ui/try-pluggy-connect";
import { SignOutButton } from "@/components/ui/sign-out-button";
import { signOutAction } from "@/app/(auth)/signin/actions";
import { createTryPlaidLinkToken, createTryPluggyConnectToken, exchangeTryPlaidPublicToken, sandboxControl } from "./actions";

export const metadata: Metadata = { title: "Sandbox banks", robots: { index: false } };

const PLAID_COUNTRIES = ["US", "CA", "GB", "IE", "FR", "ES", "NL", "DE"] as const;

/**
 * The sandbox control page: the signed-in user's items (every item for a SANDBOX_ADMIN_EMAILS
 * address), the clock, faults, webhooks, and the real widgets to try. Sandbox mode only.
 */
export default async function SandboxPage() {
  if (!isSandboxEnabled()) notFound();
  const user = await requireUser("/sandbox");
  const viewer = sandboxViewer(user);
  const overview = await sandboxOverview(viewer);
  const appPluggyClient = getSandbox().pluggyClientId;
  const institutions = Object.fromEntries(PLAID_COUNTRIES.map((c) => [c, listInstitutions(c).map((i) => ({ id: i.institutionId, name: i.name }))]));

  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-6 py-3">
          <Link href="/books" className="font-semibold text-slate-900">
            Bank Connections
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <span className="text-slate-600" data-testid="signed-in-as">
              {user.name ?? user.email} <span className="text-slate-500">({user.email})</span>
            </span>
            <SignOutButton action={signOutAction} />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl space-y-8 px-6 py-6">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Sandbox banks</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            This server has no {overview.plaid && overview.pluggy ? "Plaid or Pluggy" : overview.plaid ? "Plaid" : "Pluggy"} keys, so it serves offline sandbox banks
            itself. Everything here is fictional and deterministic.{" "}
            {viewer.admin
              ? "You are a sandbox admin: every user's items are listed below."
              : "The items below are yours: the banks you connected here or from a Book."}{" "}
            The clock and the faults are the whole sandbox&apos;s, for every user of this server.
          </p>
        </div>

        <section aria-labelledby="try-title" className="space-y-3">
          <h2 id="try-title" className="text-lg font-semibold">
            Try the widgets
          </h2>
          <div className="grid gap-4 lg:grid-cols-2">
            {overview.plaid ? (
              <TryPlaidLink
                countries={PLAID_COUNTRIES}
                institutions={institutions}
                items={overview.plaid.items.filter((i) => i.exchanged).map((i) => ({ id: i.itemId, label: `${i.institutionName} · ${i.username} (${i.status})` }))}
                actions={{ createLinkToken: createTryPlaidLinkToken, exchange: exchangeTryPlaidPublicToken }}
              />
            ) : null}
            {overview.pluggy ? (
              <TryPluggyConnect
                items={overview.pluggy.items.filter((i) => i.clientId === appPluggyClient).map((i) => ({ id: i.itemId, label: `${i.connectorName} (${i.status})` }))}
                actions={{ createConnectToken: createTryPluggyConnectToken }}
              />
            ) : null}
          </div>
        </section>

        <SandboxConsole overview={overview} plaidWebhookCodes={[...PLAID_WEBHOOK_CODES]} pluggyWebhookEvents={[...PLUGGY_WEBHOOK_EVENTS]} control={sandboxControl} />
      </main>
    </div>
  );
}

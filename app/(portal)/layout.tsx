import Link from "next/link";
import type { ReactNode } from "react";
import { appContext } from "@/lib/app-context";
import { getT } from "@/lib/i18n/server";
import { LanguageSwitch } from "@/components/ui/language-switch";
import { SignOutButton } from "@/components/ui/sign-out-button";
import { signOutAction, signOutEverywhereAction } from "@/app/(auth)/signin/actions";
import { ProblemBanner } from "@/components/notifications/problem-banner";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await appContext().sessionUser();
  const t = await getT();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-6 py-3">
          <Link href="/books" className="font-semibold text-slate-900">
            {t("app.name")}
          </Link>
          <div className="flex items-center gap-3 text-sm">
            <LanguageSwitch />
            {user ? (
              <>
                <span className="text-slate-600" data-testid="signed-in-as">
                  {user.name ?? user.email} <span className="text-slate-500">({user.email})</span>
                </span>
                <SignOutButton action={signOutAction} />
                <SignOutButton action={signOutEverywhereAction} everywhere />
              </>
            ) : null}
          </div>
        </div>
      </header>
      {user ? <ProblemBanner userId={user.id} /> : null}
      <div className="mx-auto max-w-6xl px-6 py-6">{children}</div>
    </div>
  );
}

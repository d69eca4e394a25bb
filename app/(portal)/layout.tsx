import Link from "next/link";
import type { ReactNode } from "react";
import { getSessionUser } from "@/lib/auth/session";
import { SignOutButton } from "@/components/ui/sign-out-button";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-6 py-3">
          <Link href="/books" className="font-semibold text-slate-900">
            Bank Connections
          </Link>
          {user ? (
            <div className="flex items-center gap-3 text-sm">
              <span className="text-slate-600" data-testid="signed-in-as">
                {user.name ?? user.email} <span className="text-slate-400">({user.email})</span>
              </span>
              <SignOutButton />
            </div>
          ) : null}
        </div>
      </header>
      <div className="mx-auto max-w-6xl px-6 py-6">{children}</div>
    </div>
  );
}

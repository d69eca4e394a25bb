import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/ui/language-switch";

type Props = {
  /** The HTTP status shown above the title ("403", "404"). */
  code: string;
  /** Its colour class. */
  codeClassName: string;
  title: ReactNode;
  body: ReactNode;
  /** The link back to the Books list. */
  goToBooks: ReactNode;
};

/** A whole-page answer for a route that cannot be shown (app/forbidden.tsx, app/not-found.tsx). */
export function StatusPage({ code, codeClassName, title, body, goToBooks }: Props) {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <div className="mb-8 flex justify-end">
        <LanguageSwitch />
      </div>
      <p className={`text-sm font-semibold ${codeClassName}`}>{code}</p>
      <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
      <p className="mt-3 text-slate-600">{body}</p>
      <Link href="/books" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        {goToBooks}
      </Link>
    </main>
  );
}

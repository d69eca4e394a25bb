import { getT } from "@/lib/i18n/server";

/** The Sign Out form; the page passes the server action in (components never import from app/). */
export async function SignOutButton({ action }: { action: () => Promise<void> }) {
  const t = await getT();
  return (
    <form action={action}>
      <button type="submit" className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900">
        {t("common.signOut")}
      </button>
    </form>
  );
}

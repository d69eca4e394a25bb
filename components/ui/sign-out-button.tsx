import { getT } from "@/lib/i18n/server";

/**
 * A Sign Out form; the page passes the server action in (components never import from app/).
 * `everywhere`: the "Sign out everywhere" form (every session of the user, on every device).
 */
export async function SignOutButton({ action, everywhere = false }: { action: () => Promise<void>; everywhere?: boolean }) {
  const t = await getT();
  return (
    <form action={action}>
      <button
        type="submit"
        title={everywhere ? t("common.signOutEverywhereHint") : undefined}
        className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      >
        {everywhere ? t("common.signOutEverywhere") : t("common.signOut")}
      </button>
    </form>
  );
}

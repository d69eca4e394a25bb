import { signOutAction } from "@/app/(auth)/signin/actions";
import { getT } from "@/lib/i18n/server";

export async function SignOutButton() {
  const t = await getT();
  return (
    <form action={signOutAction}>
      <button type="submit" className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900">
        {t("common.signOut")}
      </button>
    </form>
  );
}

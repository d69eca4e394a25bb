import { signOutAction } from "@/app/(auth)/signin/actions";

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900">
        Sign out
      </button>
    </form>
  );
}

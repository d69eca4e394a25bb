import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <p className="text-sm font-semibold text-amber-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold">Not allowed</h1>
      <p className="mt-3 text-slate-600">
        Your role on this Book does not allow this. Ask the Book&apos;s owner for the Editor role if you need it.
      </p>
      <Link href="/books" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Go to your Books
      </Link>
    </main>
  );
}

import type { Metadata } from "next";
import { requireBookPage } from "@/lib/auth/guard";
import { ROLE_LABEL } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";

export const metadata: Metadata = { title: "Book settings" };

/** Book settings and members: Editors and the Owner. */
export default async function BookSettingsPage({ params }: { params: Promise<{ bookId: string }> }) {
  const { bookId } = await params;
  await requireBookPage(bookId, "EDITOR", `/books/${bookId}/settings`);
  const db = await prisma();
  const book = await db.book.findUniqueOrThrow({
    where: { id: bookId },
    include: { members: { include: { user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } } },
  });
  return (
    <main className="max-w-2xl space-y-6">
      <h2 className="text-lg font-semibold">Book settings</h2>
      <dl className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-500">Currency</dt>
        <dd>{book.currency}</dd>
        <dt className="text-slate-500">Decimal places</dt>
        <dd>{book.fractionDigits}</dd>
        <dt className="text-slate-500">Time zone</dt>
        <dd>{book.timeZone}</dd>
      </dl>
      <section>
        <h3 className="mb-2 font-semibold">Members</h3>
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" aria-label="Members">
          <thead>
            <tr className="border-b text-left text-xs uppercase text-slate-500">
              <th scope="col" className="px-3 py-2 font-medium">Name</th>
              <th scope="col" className="px-3 py-2 font-medium">Email</th>
              <th scope="col" className="px-3 py-2 font-medium">Role</th>
            </tr>
          </thead>
          <tbody>
            {book.members.map((m) => (
              <tr key={m.userId} className="border-b border-slate-100">
                <td className="px-3 py-2">{m.user.name}</td>
                <td className="px-3 py-2">{m.user.email}</td>
                <td className="px-3 py-2">{ROLE_LABEL[m.role]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

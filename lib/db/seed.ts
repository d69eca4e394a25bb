import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookRole, LedgerAccountType } from "@/lib/generated/prisma/enums";

/** Demo users and Books of the embedded default. Idempotent: runs at every start, creates once. */

export const DEMO_USERS = [
  { email: "client@example.com", name: "Clara Client", role: "The demo client: owns Acme Ltd and its bank connections" },
  { email: "bookkeeper@example.com", name: "Bruno Bookkeeper", role: "The demo bookkeeper: EDITOR on Acme Ltd" },
  { email: "viewer@example.com", name: "Vera Viewer", role: "VIEWER on Acme Ltd" },
  { email: "poster@example.com", name: "Paulo Poster", role: "POSTER (Record & View) on Acme Ltd: completes and posts drafts" },
  { email: "recorder@example.com", name: "Rita Recorder", role: "RECORDER (Record Only) on Acme Ltd" },
  { email: "padaria@example.com", name: "Paula Padaria", role: "A Brazilian demo client: owns Padaria Brasil (BRL)" },
] as const;

type SeedBook = {
  name: string;
  currency: string;
  timeZone: string;
  locale: string;
  members: { email: string; role: BookRole }[];
  accounts: { name: string; type: LedgerAccountType }[];
  transactions: { date: string; amount: string; description: string; from: string; to: string }[];
};

const BOOKS: SeedBook[] = [
  {
    name: "Acme Ltd",
    currency: "USD",
    timeZone: "America/New_York",
    locale: "en-US",
    members: [
      { email: "client@example.com", role: "OWNER" },
      { email: "bookkeeper@example.com", role: "EDITOR" },
      { email: "viewer@example.com", role: "VIEWER" },
      { email: "poster@example.com", role: "POSTER" },
      { email: "recorder@example.com", role: "RECORDER" },
    ],
    accounts: [
      { name: "Cash", type: "ASSET" },
      { name: "Accounts Receivable", type: "ASSET" },
      { name: "Credit Card", type: "LIABILITY" },
      { name: "Sales", type: "INCOMING" },
      { name: "Rent", type: "OUTGOING" },
      { name: "Office Supplies", type: "OUTGOING" },
      { name: "Software", type: "OUTGOING" },
    ],
    transactions: [
      { date: "2026-10-01", amount: "12500.00", description: "Opening cash", from: "Sales", to: "Cash" },
      { date: "2026-10-03", amount: "2400.00", description: "October rent", from: "Cash", to: "Rent" },
      { date: "2026-10-09", amount: "189.90", description: "Printer paper and toner", from: "Credit Card", to: "Office Supplies" },
      { date: "2026-10-15", amount: "49.00", description: "Accounting software subscription", from: "Credit Card", to: "Software" },
    ],
  },
  {
    name: "Bookkeeping Practice",
    currency: "USD",
    timeZone: "America/Chicago",
    locale: "en-US",
    members: [{ email: "bookkeeper@example.com", role: "OWNER" }],
    accounts: [
      { name: "Business Checking", type: "ASSET" },
      { name: "Bookkeeping Fees", type: "INCOMING" },
      { name: "Software Subscriptions", type: "OUTGOING" },
    ],
    transactions: [{ date: "2026-10-05", amount: "850.00", description: "Monthly fee — Acme Ltd", from: "Bookkeeping Fees", to: "Business Checking" }],
  },
  {
    // A Brazilian Book: amounts in reais as Brazilians write them ("R$ 1.234,56"), banks through Pluggy.
    name: "Padaria Brasil",
    currency: "BRL",
    timeZone: "America/Sao_Paulo",
    locale: "pt-BR",
    members: [{ email: "padaria@example.com", role: "OWNER" }],
    accounts: [
      { name: "Caixa", type: "ASSET" },
      { name: "Cartão de crédito", type: "LIABILITY" },
      { name: "Vendas", type: "INCOMING" },
      { name: "Aluguel", type: "OUTGOING" },
      { name: "Farinha e insumos", type: "OUTGOING" },
    ],
    transactions: [
      { date: "2026-10-01", amount: "8500.00", description: "Saldo inicial", from: "Vendas", to: "Caixa" },
      { date: "2026-10-05", amount: "3200.00", description: "Aluguel de outubro", from: "Caixa", to: "Aluguel" },
      { date: "2026-10-12", amount: "1234.56", description: "Farinha de trigo — 20 sacos", from: "Cartão de crédito", to: "Farinha e insumos" },
    ],
  },
];

export async function seedDemoData(prisma: PrismaClient): Promise<{ created: boolean }> {
  if (await prisma.user.findUnique({ where: { email: DEMO_USERS[0].email }, select: { id: true } })) return { created: false };
  await prisma.$transaction(async (tx) => {
    const users = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const row = await tx.user.upsert({ where: { email: u.email }, create: { email: u.email, name: u.name }, update: {} });
      users.set(u.email, row.id);
    }
    for (const b of BOOKS) {
      const book = await tx.book.create({
        data: {
          name: b.name,
          currency: b.currency,
          timeZone: b.timeZone,
          locale: b.locale,
          members: { create: b.members.map((m) => ({ userId: users.get(m.email)!, role: m.role })) },
          accounts: { create: b.accounts },
        },
        include: { accounts: true },
      });
      const byName = new Map(book.accounts.map((a) => [a.name, a.id]));
      for (const t of b.transactions) {
        await tx.ledgerTransaction.create({
          data: {
            bookId: book.id,
            date: new Date(`${t.date}T00:00:00Z`),
            amount: t.amount,
            description: t.description,
            creditAccountId: byName.get(t.from) ?? null,
            debitAccountId: byName.get(t.to) ?? null,
            posted: true,
            checked: true,
          },
        });
      }
    }
    // Prisma's 5 s default closes the transaction on a busy machine ("Transaction is closed").
  }, { timeout: 60_000, maxWait: 60_000 });
  return { created: true };
}

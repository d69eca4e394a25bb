import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Stored bank transactions written straight into bank_transactions, as if earlier syncs had stored
 * them: deterministic, spread over the last `days` days (inside a 24-month period), about one in
 * nine money in, descriptions like the sandbox's. One INSERT … SELECT generate_series per account.
 */
export async function synthesizeHistory(db: PrismaClient, account: { id: string; connectionId: string }, count: number, days = 720): Promise<number> {
  if (count <= 0) return 0;
  return db.$executeRaw`
    INSERT INTO bank_transactions (id, "connectionId", "institutionAccountId", "providerTransactionId", date, amount, direction, currency,
      description, pending, "pendingTransactionId", removed, "createdAt", "updatedAt")
    SELECT 'syn_' || ${account.id}::text || '_' || g, ${account.connectionId}::text, ${account.id}::text, 'syn-' || ${account.id}::text || '-' || g,
      (CURRENT_DATE - ((g * 37) % ${days}::int))::date,
      ((g * 7919) % 50000 + 100) / 100.0,
      CASE WHEN g % 9 = 0 THEN 'in' ELSE 'out' END, 'USD',
      (ARRAY['Uber 063015 SF**POOL**', 'Starbucks', 'McDonald''s', 'United Airlines', 'Touchstone Climbing', 'KFC', 'Madison Bicycle Shop',
        'Tectra Inc', 'SparkFun', 'AUTOMATIC PAYMENT - THANK'])[1 + g % 10] || ' ' || g,
      false, NULL, false, now(), now()
    FROM generate_series(1, ${count}::int) AS g`;
}

/** Splits `total` rows over the accounts as evenly as possible. */
export async function synthesizeOver(db: PrismaClient, accounts: { id: string; connectionId: string }[], total: number): Promise<number> {
  let made = 0;
  for (let i = 0; i < accounts.length; i++) {
    const share = Math.floor(total / accounts.length) + (i < total % accounts.length ? 1 : 0);
    made += await synthesizeHistory(db, accounts[i]!, share);
  }
  return made;
}

import { createHash } from "node:crypto";
import type { BookGateway } from "@/lib/books/gateway";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { isoDay } from "@/lib/dates";
import { STALE_AFTER_MS, type Verification } from "./compare";
import { verifyIntegrations } from "./load";

/**
 * Balance verification for the pages, remembered per integration. Verifying reads every stored bank
 * transaction of the institution account and every Book transaction of its Account (24 months of a
 * checking account: ~1,500 of each, ~140 ms per connection), and the pages show it for every
 * integration on screen. So each result is kept in `integration_verifications` with a fingerprint
 * of everything it was computed from:
 *
 * - the bank's side: every stored transaction of the institution account, hashed in the database;
 *   the account's balance, its date, currency and type;
 * - the Book's side: every untrashed transaction of the Book Account with its remote ids, hashed in
 *   the database by the gateway (`transactionsFingerprints`); the Account's type; the Book's
 *   currency, decimal places and time zone;
 * - the integration's period start and Account, and whether the bank's balance is now too old.
 *
 * A page reads the fingerprints (two statements) and the remembered results (one), and verifies
 * only the integrations whose fingerprint changed. Nothing is ever served from a fingerprint that
 * differs, so a sync, a person's edit in the Book or time passing always shows. Gateways without
 * fingerprints (Bkper: a person can edit the Book in Bkper at any time) are verified every time.
 */

/** Bumped when what a Verification holds, or how it is computed, changes: old rows then miss. */
const FORMAT = 1;

export type PageVerification = { verification: Verification; fractionDigits: number };

/** The bank's side of the fingerprint, per institution account: the count and the sum of every stored transaction's row hash, in the database. */
async function bankFingerprints(db: PrismaClient, institutionAccountIds: string[]): Promise<Map<string, string>> {
  const rows = await db.$queryRaw<{ id: string; fingerprint: string }[]>`
    SELECT a.id, f.fingerprint
    FROM unnest(${institutionAccountIds}::text[]) AS a(id)
    CROSS JOIN LATERAL (
      SELECT concat_ws(':', count(b.id), sum(hashtextextended(b::text, 0))) AS fingerprint
      FROM bank_transactions b WHERE b."institutionAccountId" = a.id
    ) f`;
  return new Map(rows.map((r) => [r.id, r.fingerprint]));
}

// bigint is not JSON: stored as {"$bigint":"…"} and read back.
const encode = (v: Verification): Prisma.InputJsonValue =>
  JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? { $bigint: x.toString() } : x))) as Prisma.InputJsonValue;
/** {"$bigint":"…"} back to bigint, walking the stored value once (a page decodes one per integration on screen). */
function revive(x: Prisma.JsonValue): unknown {
  if (x === null || typeof x !== "object") return x;
  if (Array.isArray(x)) return x.map(revive);
  const big = (x as { $bigint?: unknown }).$bigint;
  if (typeof big === "string") return BigInt(big);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = revive(v);
  return out;
}
const decode = (json: Prisma.JsonValue): Verification => revive(json) as Verification;

/**
 * Balance verification of the integrations a page shows, reusing what was computed for the same
 * inputs (see above). A Book that cannot be read, or an integration that is gone, is absent.
 */
export async function pageVerifications(db: PrismaClient, gateway: BookGateway, integrationIds: readonly string[], now = new Date()): Promise<Map<string, PageVerification>> {
  const out = new Map<string, PageVerification>();
  const ids = [...new Set(integrationIds)];
  if (ids.length === 0) return out;
  const fresh = async (which: string[]) => {
    const m = await verifyIntegrations(db, gateway, which, now);
    return new Map([...m].map(([id, r]) => [id, { verification: r.verification, fractionDigits: r.fractionDigits }]));
  };
  if (!gateway.transactionsFingerprints) return fresh(ids);

  const integrations = await db.integration.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      bookId: true,
      bookAccountId: true,
      periodStart: true,
      institutionAccount: { select: { id: true, type: true, currency: true, balanceCurrent: true, balanceAt: true } },
    },
  });
  if (integrations.length === 0) return out;
  const [bank, cached] = await Promise.all([
    bankFingerprints(db, [...new Set(integrations.map((i) => i.institutionAccount.id))]),
    db.integrationVerification.findMany({ where: { integrationId: { in: integrations.map((i) => i.id) } } }),
  ]);
  const cachedOf = new Map(cached.map((c) => [c.integrationId, c]));
  const fingerprintOf = new Map<string, string>();
  for (const bookId of new Set(integrations.map((i) => i.bookId))) {
    const ofBook = integrations.filter((i) => i.bookId === bookId);
    const accountIds = [...new Set(ofBook.map((i) => i.bookAccountId))];
    const [info, accounts, book] = await Promise.all([gateway.getBook(bookId), gateway.getAccounts(bookId, accountIds), gateway.transactionsFingerprints(bookId, accountIds)]);
    if (!info) continue;
    const typeOf = new Map(accounts.map((a) => [a.id, a.type]));
    for (const i of ofBook) {
      const ia = i.institutionAccount;
      const stale = ia.balanceAt ? now.getTime() - ia.balanceAt.getTime() > STALE_AFTER_MS : null;
      const parts = [
        FORMAT,
        bank.get(ia.id) ?? null,
        ia.balanceCurrent?.toString() ?? null,
        ia.balanceAt?.toISOString() ?? null,
        ia.currency,
        ia.type,
        stale,
        isoDay(i.periodStart),
        i.bookAccountId,
        typeOf.get(i.bookAccountId) ?? null,
        book.get(i.bookAccountId) ?? null,
        info.currency,
        info.fractionDigits,
        info.timeZone,
      ];
      fingerprintOf.set(i.id, createHash("sha256").update(JSON.stringify(parts)).digest("base64url"));
    }
  }

  const misses: string[] = [];
  for (const [id, fingerprint] of fingerprintOf) {
    const hit = cachedOf.get(id);
    if (hit && hit.fingerprint === fingerprint) {
      const stored = hit.result as { verification?: Prisma.JsonValue; fractionDigits?: unknown } | null;
      if (stored && stored.verification && typeof stored.fractionDigits === "number") {
        out.set(id, { verification: decode(stored.verification), fractionDigits: stored.fractionDigits });
        continue;
      }
    }
    misses.push(id);
  }
  if (misses.length === 0) return out;
  const computed = await fresh(misses);
  for (const [id, r] of computed) out.set(id, r);
  const written = [...computed.keys()];
  const fingerprints = written.map((id) => fingerprintOf.get(id)!);
  const results = written.map((id) => JSON.stringify({ verification: encode(computed.get(id)!.verification), fractionDigits: computed.get(id)!.fractionDigits }));
  // Remembering is best effort: a failed write (the integration removed meanwhile) costs a recompute next time.
  await db.$executeRaw`
    INSERT INTO integration_verifications ("integrationId", fingerprint, result, "computedAt")
    SELECT u.id, u.fingerprint, u.result::jsonb, ${now} FROM unnest(${written}::text[], ${fingerprints}::text[], ${results}::text[]) AS u(id, fingerprint, result)
    JOIN integrations i ON i.id = u.id
    ON CONFLICT ("integrationId") DO UPDATE SET fingerprint = EXCLUDED.fingerprint, result = EXCLUDED.result, "computedAt" = EXCLUDED."computedAt"`.catch(() => undefined);
  return out;
}

import { expect } from "vitest";
import { daysAgo } from "@/lib/dates";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { linkAccount } from "@/lib/integrations/service";
import { synthesizeHistory } from "../../bench/support/synth";
import { connectPlaidLogin, type SandboxWorld } from "../helpers/sandbox-world";

/**
 * A backfill waiting to be posted: a sandbox Plaid login (30 days) whose first account gets `stored`
 * synthetic transactions over two years, linked into Acme Ltd's local Book from then as a new
 * Account named `accountName` — every transaction a dirty Posting. For the poster's tests.
 */
export async function linkStoredHistory(world: SandboxWorld, username: string, stored: number, accountName: string): Promise<{ connectionId: string; integrationId: string }> {
  const { db, sp, client, acme } = world;
  const connectionId = await connectPlaidLogin(world, username, 30);
  const account = (await db.prisma.institutionAccount.findMany({ where: { connectionId }, orderBy: { providerAccountId: "asc" } }))[0]!;
  expect(await synthesizeHistory(db.prisma, account, stored)).toBe(stored);
  const { integrationId } = await linkAccount(db.prisma, new LocalBookGateway(db.prisma, client), sp.plaid, {
    userId: client,
    bookId: acme,
    institutionAccountId: account.id,
    bookAccount: { create: { name: accountName } },
    periodStart: daysAgo(729),
  });
  expect(await db.prisma.posting.count({ where: { integrationId, dirty: true } })).toBe(stored);
  return { connectionId, integrationId };
}

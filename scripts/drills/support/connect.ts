import { Products } from "plaid";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import { openSecret } from "@/lib/connections/secret";
import { createConnectionFromLink } from "@/lib/connections/service";
import { linkAccount } from "@/lib/integrations/service";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import type { DrillWorld } from "./world";

/** Connecting sandbox logins and linking their accounts, as a user does in the portal. */

export { DAY_MS, daysAgo } from "@/lib/dates";

export type PlaidLogin = { username: string; daysRequested: number; institutionId?: string };

/** A Plaid item made with the official client's /sandbox/public_token/create, connected for the demo client. Null when it duplicates an existing connection. */
export async function connectPlaid(world: DrillWorld, login: PlaidLogin): Promise<{ connectionId: string; accessToken: string } | null> {
  const institutionId = login.institutionId ?? "ins_109508";
  const pub = await world.sandbox.plaidApi.sandboxPublicTokenCreate({
    institution_id: institutionId,
    initial_products: [Products.Transactions],
    options: { override_username: login.username, transactions: { days_requested: login.daysRequested } },
  });
  const r = await createConnectionFromLink(world.db.prisma, world.sandbox.plaid, {
    ownerId: world.clientId,
    bookId: world.bookId,
    country: "US",
    result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId },
  });
  if (r.kind !== "created") return null;
  const conn = await world.db.prisma.connection.findUniqueOrThrow({ where: { id: r.connectionId } });
  return { connectionId: r.connectionId, accessToken: openSecret(conn.id, conn.secret!) };
}

/** A Pluggy item (user-ok on the sandbox connector 0), collected, then connected for the demo client. */
export async function connectPluggy(world: DrillWorld): Promise<{ connectionId: string; itemId: string }> {
  const client = createPluggyClient({ baseUrl: `${world.sandbox.appUrl}/sandbox/pluggy`, ...world.sandbox.keys.pluggy });
  const item = await client.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId: world.clientId });
  for (let i = 0; i < 100 && (await client.fetchItem(item.id)).status === "UPDATING"; i++) await new Promise((res) => setTimeout(res, 30));
  const r = await createConnectionFromLink(world.db.prisma, world.sandbox.pluggy, { ownerId: world.clientId, bookId: world.bookId, country: "BR", result: { provider: "PLUGGY", itemId: item.id } });
  return { connectionId: r.connectionId, itemId: item.id };
}

/**
 * Links accounts of the connection (all, or the first `max`) to new Accounts of Acme Ltd from
 * `start`, through lib/integrations' linkAccount; providerAccountId → Book Account id.
 */
export async function linkAccounts(world: DrillWorld, connectionId: string, start: string, max = Infinity): Promise<Map<string, string>> {
  const { prisma } = world.db;
  const gateway = new LocalBookGateway(prisma, world.clientId);
  const accounts = (await prisma.institutionAccount.findMany({ where: { connectionId }, orderBy: { providerAccountId: "asc" } })).slice(0, max);
  const { provider } = await prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
  const out = new Map<string, string>();
  for (const a of accounts) {
    const r = await linkAccount(prisma, gateway, provider === "PLAID" ? world.sandbox.plaid : world.sandbox.pluggy, {
      userId: world.clientId,
      bookId: world.bookId,
      institutionAccountId: a.id,
      bookAccount: { create: { name: `${connectionId.slice(-6)} ${a.name} ${a.mask ?? a.id.slice(-4)}` } },
      periodStart: start,
    });
    out.set(a.providerAccountId, (await prisma.integration.findUniqueOrThrow({ where: { id: r.integrationId } })).bookAccountId);
  }
  return out;
}

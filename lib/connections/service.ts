import { accountLabel, bookNameOf } from "@/lib/audit/names";
import { recordAudit } from "@/lib/audit/record";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { ProviderError, providerFailureMessage } from "@/lib/providers/errors";
import type { BankProvider, LinkResult, LinkedItem, ProviderAccount } from "@/lib/providers/types";
import { itemRef, newId } from "@/lib/ids";
import { openSecret, sealSecret } from "./secret";
import { msg } from "@/lib/i18n/translate";

/**
 * User Connections: create from a completed widget, reconnect in place, disconnect.
 * Provider calls happen outside database transactions; every database change of one step happens
 * in one transaction, so a failure leaves nothing half-created.
 */

export function providerFailure(err: unknown): AppError {
  if (err instanceof ProviderError) {
    return new AppError(err.kind === "INVALID_TOKEN" || err.kind === "INVALID_CREDENTIALS" ? "INVALID_INPUT" : "CONFLICT", providerFailureMessage(err));
  }
  throw err;
}

function accountData(a: ProviderAccount) {
  return {
    name: a.name,
    officialName: a.officialName,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    currency: a.currency,
    balanceCurrent: a.balanceCurrent,
    balanceAvailable: a.balanceAvailable,
    balanceAt: new Date(),
    hidden: false,
  };
}

const signature = (a: { mask: string | null; name: string; type: string }) => `${a.type}|${a.mask ?? ""}|${a.name.toLowerCase()}`;

/** The same login at the same institution, already connected by this user (Plaid's duplicate-item check). */
export async function findDuplicate(db: PrismaClient, ownerId: string, provider: BankProvider["name"], linked: LinkedItem): Promise<{ id: string; institutionName: string } | null> {
  const candidates = await db.connection.findMany({
    where: { ownerId, provider, institutionId: linked.institution.id },
    select: { id: true, institutionName: true, accounts: { select: { mask: true, name: true, type: true } } },
  });
  const incoming = new Set(linked.accounts.map(signature));
  return candidates.find((c) => c.accounts.some((a) => incoming.has(signature(a)))) ?? null;
}

export type CreateResult = { kind: "created"; connectionId: string } | { kind: "duplicate"; connectionId: string; institutionName: string };

export async function createConnectionFromLink(
  db: PrismaClient,
  provider: BankProvider,
  args: { ownerId: string; bookId: string; country: string; result: LinkResult },
): Promise<CreateResult> {
  let linked: LinkedItem;
  try {
    linked = await provider.completeLink(args.result, { userId: args.ownerId });
  } catch (err) {
    throw providerFailure(err);
  }
  const ref = itemRef(provider.name, linked.itemId);
  const existingSameItem = await db.connection.findUnique({ where: { provider_itemRef: { provider: provider.name, itemRef: ref } }, select: { id: true, ownerId: true, institutionName: true } });
  if (existingSameItem) {
    // The widget returned an item we already hold (e.g. Pluggy with avoidDuplicates): never a second row.
    if (existingSameItem.ownerId !== args.ownerId) throw new AppError("FORBIDDEN", msg("server.someoneElsesConnection"));
    return { kind: "duplicate", connectionId: existingSameItem.id, institutionName: existingSameItem.institutionName };
  }
  const duplicate = await findDuplicate(db, args.ownerId, provider.name, linked);
  if (duplicate) {
    // Same login connected twice: give the new item back to the provider and offer Reconnect instead.
    await provider.removeItem(linked.secret).catch(() => {});
    return { kind: "duplicate", connectionId: duplicate.id, institutionName: duplicate.institutionName };
  }
  const id = newId();
  try {
    await db.$transaction(async (tx) => {
      await tx.connection.create({
        data: {
          id,
          ownerId: args.ownerId,
          provider: provider.name,
          itemRef: ref,
          secret: sealSecret(id, linked.secret),
          institutionId: linked.institution.id,
          institutionName: linked.institution.name,
          country: linked.institution.country || args.country,
          status: "CONNECTED",
          consentExpiresAt: linked.consentExpiresAt ? new Date(linked.consentExpiresAt) : null,
          accounts: { create: linked.accounts.map((a) => ({ providerAccountId: a.providerAccountId, ...accountData(a) })) },
          shares: { create: { bookId: args.bookId, sharedById: args.ownerId } },
        },
      });
      const book = await bookNameOf(tx, args.bookId);
      const who = { actorId: args.ownerId, bookId: args.bookId, connectionId: id };
      const accounts = linked.accounts.map(accountLabel).join(", ");
      await recordAudit(tx, { ...who, action: "connection.connect", details: { provider: provider.name, institution: linked.institution.name, accounts: linked.accounts.length, accountNames: accounts, book } });
      await recordAudit(tx, { ...who, action: "connection.share", details: { institution: linked.institution.name, book } });
    });
  } catch (err) {
    await provider.removeItem(linked.secret).catch(() => {});
    throw err;
  }
  return { kind: "created", connectionId: id };
}

/** Loads a connection the user owns, with its decrypted secret. Anyone else: not found. */
export async function loadOwnedConnection(db: PrismaClient, ownerId: string, connectionId: string) {
  const c = await db.connection.findUnique({ where: { id: connectionId } });
  if (!c || c.ownerId !== ownerId) throw new AppError("NOT_FOUND", msg("server.notYourConnection"));
  return c;
}

/**
 * A connection's actions (Sync now, Reconnect, Disconnect) are recorded in the Book they are done
 * from, so they are done only from a Book the connection is shared with (a ConnectionShare): an
 * owner cannot write audit lines into another Book they belong to. Anyone else: not found first.
 */
export async function loadOwnedSharedConnection(db: PrismaClient, ownerId: string, connectionId: string, bookId: string) {
  const c = await loadOwnedConnection(db, ownerId, connectionId);
  const share = await db.connectionShare.findUnique({ where: { connectionId_bookId: { connectionId: c.id, bookId } }, select: { bookId: true } });
  if (!share) throw new AppError("FORBIDDEN", msg("server.connectionNotSharedHere"));
  return c;
}

export function connectionSecret(c: { id: string; secret: string | null }): string {
  if (!c.secret) throw new AppError("CONFLICT", msg("server.connectionWasDisconnected"));
  return openSecret(c.id, c.secret);
}

/** After the widget ran in update mode: the same connection, its accounts refreshed, connected again. */
export async function completeReconnect(db: PrismaClient, provider: BankProvider, args: { ownerId: string; connectionId: string; bookId: string }): Promise<void> {
  const c = await loadOwnedSharedConnection(db, args.ownerId, args.connectionId, args.bookId);
  const secret = connectionSecret(c);
  let accounts: ProviderAccount[];
  let consentExpiresAt: string | null;
  try {
    const state = await provider.getItemState(secret);
    if (state.status === "LOGIN_REQUIRED") throw new AppError("CONFLICT", msg("server.stillLoginRequired"));
    accounts = await provider.getAccounts(secret);
    consentExpiresAt = state.consentExpiresAt;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw providerFailure(err);
  }
  await db.$transaction(async (tx) => {
    const seen = new Set<string>();
    for (const a of accounts) {
      seen.add(a.providerAccountId);
      await tx.institutionAccount.upsert({
        where: { connectionId_providerAccountId: { connectionId: c.id, providerAccountId: a.providerAccountId } },
        create: { connectionId: c.id, providerAccountId: a.providerAccountId, ...accountData(a) },
        update: accountData(a),
      });
    }
    // Accounts the user no longer shares are kept (their history stays linked) but hidden.
    await tx.institutionAccount.updateMany({ where: { connectionId: c.id, providerAccountId: { notIn: [...seen] } }, data: { hidden: true } });
    await tx.connection.update({
      where: { id: c.id },
      data: {
        status: "CONNECTED",
        errorCode: null,
        errorMessage: null,
        warningMessage: null,
        // Update mode listed every account the user shares: nothing new is waiting any more.
        newAccountsAt: null,
        // The consent the user just (re)gave is the provider's word: a renewed consent without an
        // expiry (a Pluggy consent replacing an expired one) clears the old date and its warning.
        consentExpiresAt: consentExpiresAt ? new Date(consentExpiresAt) : null,
      },
    });
    await recordAudit(tx, {
      action: "connection.reconnect",
      actorId: args.ownerId,
      bookId: args.bookId,
      connectionId: c.id,
      details: { institution: c.institutionName, provider: c.provider, previousStatus: c.status, book: await bookNameOf(tx, args.bookId) },
    });
  });
}

/** Revokes the item at the provider, then forgets the connection; Book transactions stay. */
export async function disconnectConnection(db: PrismaClient, provider: BankProvider, args: { ownerId: string; connectionId: string; bookId: string }): Promise<void> {
  const c = await loadOwnedSharedConnection(db, args.ownerId, args.connectionId, args.bookId);
  if (c.secret) {
    try {
      await provider.removeItem(connectionSecret(c));
    } catch (err) {
      // The token is kept until the provider confirms, so the revocation can be retried.
      throw providerFailure(err);
    }
  }
  await db.$transaction(async (tx) => {
    const integrations = await tx.integration.count({ where: { institutionAccount: { connectionId: c.id } } });
    await recordAudit(tx, {
      action: "connection.disconnect",
      actorId: args.ownerId,
      bookId: args.bookId,
      connectionId: c.id,
      details: { institution: c.institutionName, provider: c.provider, integrationsRemoved: integrations, book: await bookNameOf(tx, args.bookId) },
    });
    await tx.connection.delete({ where: { id: c.id } });
  });
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { PluggyClient } from "pluggy-sdk";
import { completeReconnect, createConnectionFromLink, disconnectConnection } from "@/lib/connections/service";
import { openSecret } from "@/lib/connections/secret";
import { listVisibleConnections } from "@/lib/connections/queries";
import { seedDemoData } from "@/lib/db/seed";
import { listInstitutions } from "@bank-connections/sandbox/data";
import { databaseBackends, type Backend } from "../helpers/databases";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import { useEmbeddedSecrets } from "../helpers/secrets";

describe.each(databaseBackends())("User Connections through the official SDKs and the sandbox banks, on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let sp: SandboxHarness;
  let ids: { client: string; bookkeeper: string; acme: string };
  const usBank = listInstitutions("US")[0]!;

  beforeAll(async () => {
    useEmbeddedSecrets();
    db = await backend.open();
    await seedDemoData(db.prisma);
    sp = await startSandboxHarness();
    const user = (email: string) => db.prisma.user.findUniqueOrThrow({ where: { email } }).then((u) => u.id);
    ids = {
      client: await user("client@example.com"),
      bookkeeper: await user("bookkeeper@example.com"),
      acme: (await db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id,
    };
  });
  afterAll(async () => {
    await sp?.close();
    await db?.close();
  });

  const publicToken = async (username = "user_good") =>
    (
      await sp.plaidApi.sandboxPublicTokenCreate({
        institution_id: usBank.institutionId,
        initial_products: [Products.Transactions],
        options: { override_username: username, override_password: "pass_good" },
      })
    ).data.public_token;

  let plaidConnectionId = "";

  it("connects a Plaid bank: encrypted token, accounts, shared with the Book, audited", async () => {
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: ids.client, bookId: ids.acme, country: "US", result: { provider: "PLAID", publicToken: await publicToken(), institutionId: usBank.institutionId } });
    expect(r.kind).toBe("created");
    plaidConnectionId = r.connectionId;
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: r.connectionId }, include: { accounts: true, shares: true } });
    const items = await sp.plaidSandbox.listItems();
    const item = items.find((i) => openSecret(row.id, row.secret!) === i.accessToken);
    expect(item).toBeDefined();
    expect(row.secret).not.toContain(item!.accessToken);
    expect(row.itemRef).not.toContain(item!.itemId);
    expect(JSON.stringify(row)).not.toContain(item!.accessToken);
    expect(row.institutionName).toBe(usBank.name);
    expect(row.accounts.length).toBeGreaterThanOrEqual(3);
    expect(row.accounts.some((a) => a.type === "credit")).toBe(true);
    expect(row.shares.map((s) => s.bookId)).toEqual([ids.acme]);
    expect(await db.prisma.auditEvent.count({ where: { connectionId: row.id, action: "connection.connect", actorId: ids.client } })).toBe(1);
    // The Book's Editor sees it as shared, with its accounts — never its secret.
    const seen = await listVisibleConnections(db.prisma, ids.bookkeeper, ids.acme);
    expect(seen.map((c) => [c.id, c.mine])).toEqual([[row.id, false]]);
    expect(JSON.stringify(seen)).not.toMatch(/secret|itemRef/);
  });

  it("offers Reconnect instead of a duplicate when the same login connects again, and gives the new item back", async () => {
    const before = (await sp.plaidSandbox.listItems()).length;
    const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: ids.client, bookId: ids.acme, country: "US", result: { provider: "PLAID", publicToken: await publicToken(), institutionId: usBank.institutionId } });
    expect(r).toEqual({ kind: "duplicate", connectionId: plaidConnectionId, institutionName: usBank.name });
    expect(await db.prisma.connection.count({ where: { ownerId: ids.client } })).toBe(1);
    const after = await sp.plaidSandbox.listItems();
    expect(after.length - before).toBeLessThanOrEqual(1);
    expect(after.filter((i) => !(i as { removed?: boolean }).removed).length).toBe(before);
  });

  it("refuses a replayed public token with a clear message and creates nothing", async () => {
    const token = await publicToken("replay_user");
    const first = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: ids.bookkeeper, bookId: ids.acme, country: "US", result: { provider: "PLAID", publicToken: token, institutionId: usBank.institutionId } });
    expect(first.kind).toBe("created");
    const count = await db.prisma.connection.count();
    await expect(
      createConnectionFromLink(db.prisma, sp.plaid, { ownerId: ids.bookkeeper, bookId: ids.acme, country: "US", result: { provider: "PLAID", publicToken: token, institutionId: usBank.institutionId } }),
    ).rejects.toThrow(/expired or was already used/);
    expect(await db.prisma.connection.count()).toBe(count);
    await disconnectConnection(db.prisma, sp.plaid, { ownerId: ids.bookkeeper, connectionId: first.connectionId, bookId: ids.acme });
  });

  it("reconnects in place: login required → Reconnect → same connection and accounts, connected again", async () => {
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: plaidConnectionId }, include: { accounts: { orderBy: { id: "asc" } } } });
    const token = openSecret(row.id, row.secret!);
    await sp.plaidSandbox.setItemLoginRequired(token);
    expect((await sp.plaid.getItemState(token)).status).toBe("LOGIN_REQUIRED");
    await db.prisma.connection.update({ where: { id: row.id }, data: { status: "LOGIN_REQUIRED" } });
    await expect(completeReconnect(db.prisma, sp.plaid, { ownerId: ids.client, connectionId: row.id, bookId: ids.acme })).rejects.toThrow(/still asks for a login/);
    await sp.plaidSandbox.repairItemLogin(token);
    await completeReconnect(db.prisma, sp.plaid, { ownerId: ids.client, connectionId: row.id, bookId: ids.acme });
    const after = await db.prisma.connection.findUniqueOrThrow({ where: { id: plaidConnectionId }, include: { accounts: { orderBy: { id: "asc" } } } });
    expect(after.status).toBe("CONNECTED");
    expect(after.accounts.map((a) => a.id)).toEqual(row.accounts.map((a) => a.id));
    expect(await db.prisma.connection.count({ where: { ownerId: ids.client } })).toBe(1);
  });

  it("only the owner reconnects or disconnects", async () => {
    await expect(completeReconnect(db.prisma, sp.plaid, { ownerId: ids.bookkeeper, connectionId: plaidConnectionId, bookId: ids.acme })).rejects.toThrow(/not yours/);
    await expect(disconnectConnection(db.prisma, sp.plaid, { ownerId: ids.bookkeeper, connectionId: plaidConnectionId, bookId: ids.acme })).rejects.toThrow(/not yours/);
    expect(await db.prisma.connection.count({ where: { id: plaidConnectionId } })).toBe(1);
  });

  it("connects a Pluggy bank only for the user whose connect token made the item", async () => {
    const sdk = new PluggyClient({ clientId: "test", clientSecret: "test" });
    const make = async (clientUserId: string) => {
      const item = await sdk.createItem(0, { user: "user-ok", password: "password-ok" }, { clientUserId });
      for (let i = 0; i < 50; i++) {
        const it = await sdk.fetchItem(item.id);
        if (it.status !== "UPDATING") return it;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("item did not settle");
    };
    const mine = await make(ids.client);
    const r = await createConnectionFromLink(db.prisma, sp.pluggy, { ownerId: ids.client, bookId: ids.acme, country: "BR", result: { provider: "PLUGGY", itemId: mine.id } });
    expect(r.kind).toBe("created");
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: r.connectionId }, include: { accounts: true } });
    expect(row.secret).not.toContain(mine.id);
    expect(row.accounts.length).toBeGreaterThan(0);
    expect(row.accounts.every((a) => a.currency === "BRL")).toBe(true);
    const someoneElses = await make("another-user");
    await expect(createConnectionFromLink(db.prisma, sp.pluggy, { ownerId: ids.client, bookId: ids.acme, country: "BR", result: { provider: "PLUGGY", itemId: someoneElses.id } })).rejects.toThrow(/start again/i);
    await disconnectConnection(db.prisma, sp.pluggy, { ownerId: ids.client, connectionId: r.connectionId, bookId: ids.acme });
    await expect(sdk.fetchItem(mine.id)).rejects.toBeTruthy();
  });

  it("disconnects: the provider item is revoked, the connection is gone, the audit trail stays", async () => {
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: plaidConnectionId } });
    const token = openSecret(row.id, row.secret!);
    await disconnectConnection(db.prisma, sp.plaid, { ownerId: ids.client, connectionId: plaidConnectionId, bookId: ids.acme });
    expect(await db.prisma.connection.count({ where: { id: plaidConnectionId } })).toBe(0);
    await expect(sp.plaid.getItemState(token)).rejects.toMatchObject({ kind: "ITEM_NOT_FOUND" });
    expect(await db.prisma.auditEvent.count({ where: { connectionId: plaidConnectionId, action: "connection.disconnect" } })).toBe(1);
  });
});

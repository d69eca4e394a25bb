import { afterAll, beforeAll } from "vitest";
import { Products } from "plaid";
import { createConnectionFromLink } from "@/lib/connections/service";
import { seedDemoData } from "@/lib/db/seed";
import type { EngineDeps } from "@/lib/sync/engine";
import { startSandboxHarness, type SandboxHarness } from "@bank-connections/sandbox/testing/harness";
import type { Backend } from "./databases";
import { sandboxEngineDeps } from "./engine";
import { useEmbeddedSecrets as embeddedSecrets } from "./secrets";

/**
 * What the sync tests start from: a database on `backend` with the demo world (Acme Ltd, its
 * client and bookkeeper), the sandbox banks behind the real Plaid and Pluggy SDK clients, and the
 * engine's dependencies on both (local Books). `close()` stops the sandbox and closes the database;
 * a failure half-way through opening closes what was already open.
 */
export type SandboxWorld = {
  db: Awaited<ReturnType<Backend["open"]>>;
  sp: SandboxHarness;
  deps: EngineDeps;
  /** client@example.com, who owns Acme Ltd's connections. */
  client: string;
  /** The demo Book Acme Ltd. */
  acme: string;
  close(): Promise<void>;
};

export async function openSandboxWorld(backend: Backend, opts: { workerId?: string } = {}): Promise<SandboxWorld> {
  embeddedSecrets();
  const db = await backend.open();
  let sp: SandboxHarness | undefined;
  try {
    await seedDemoData(db.prisma);
    sp = await startSandboxHarness();
    const client = (await db.prisma.user.findUniqueOrThrow({ where: { email: "client@example.com" } })).id;
    const acme = (await db.prisma.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    const harness = sp;
    return {
      db,
      sp: harness,
      deps: sandboxEngineDeps(db.prisma, harness, opts.workerId),
      client,
      acme,
      close: async () => {
        try {
          await harness.close();
        } finally {
          await db.close();
        }
      },
    };
  } catch (err) {
    await sp?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}

/**
 * The hooks of a describe block on the sandbox world: opens it before the block's tests (and hands
 * it to `onOpen`, which keeps what the tests use), closes it after them.
 */
export function withSandboxWorld(backend: Backend, onOpen: (world: SandboxWorld) => void | Promise<void>, opts: { workerId?: string } = {}): void {
  let world: SandboxWorld | undefined;
  beforeAll(async () => {
    world = await openSandboxWorld(backend, opts);
    await onOpen(world);
  });
  afterAll(async () => {
    await world?.close();
  });
}

/**
 * A sandbox Plaid login (ins_109508, `daysRequested` of history) connected by the client into Acme
 * Ltd as the Banks page does (Plaid Link's public token → a connection); its connection id.
 */
export async function connectPlaidLogin(world: SandboxWorld, username: string, daysRequested: number): Promise<string> {
  const { db, sp, client, acme } = world;
  const pub = await sp.plaidApi.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: username, transactions: { days_requested: daysRequested } } });
  const r = await createConnectionFromLink(db.prisma, sp.plaid, { ownerId: client, bookId: acme, country: "US", result: { provider: "PLAID", publicToken: pub.data.public_token, institutionId: "ins_109508" } });
  return r.connectionId;
}

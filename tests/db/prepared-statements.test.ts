import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/open";
import { pgliteAdapter } from "@/lib/db/pglite-prepared";
import { postgresAdapter } from "@/lib/db/postgres-adapter";
import { statementNamer } from "@/lib/db/statement-names";
import { databaseBackends } from "../helpers/databases";

/**
 * Prepared statements (lib/db/statement-names.ts, pglite-prepared.ts, postgres-adapter.ts): a
 * statement run again is bound to the one the session prepared, and gives what an unnamed one gives.
 */

describe("statementNamer", () => {
  it("names a text from its second sighting, the same name every time, up to its limit", () => {
    const name = statementNamer(2);
    expect(name("SELECT 1")).toBe("");
    const first = name("SELECT 1");
    expect(first).toMatch(/^bc_[\w-]{24}$/);
    expect(name("SELECT 1")).toBe(first);
    name("SELECT 2");
    const second = name("SELECT 2");
    expect(second).not.toBe(first);
    expect(second).not.toBe("");
    name("SELECT 3");
    expect(name("SELECT 3")).toBe(""); // over the limit: unnamed
    expect(name("SELECT 1")).toBe(first);
  });
});

const prepared = (db: PrismaClient) =>
  db.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'bc\\_%' ORDER BY name`;

function probe(db: PrismaClient, i: number) {
  const at = new Date(Date.UTC(2026, 0, 1 + i, 12, 30, 15, 250));
  return db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${`id-${i}`}::text AS id, ${i}::int AS n, ${i % 2 ? null : "even"}::text AS maybe, ${[i, i + 1]}::int[] AS arr,
      ${at}::timestamp AS at, ${new Prisma.Decimal(`${i}.0125`)}::numeric AS amount, ${JSON.stringify({ i, s: "é\"'" })}::jsonb AS j, ${i > 1}::boolean AS flag`;
}

describe.each(databaseBackends())("prepared statements on $name", (backend) => {
  let database: Database & { url?: string };
  let app: PrismaClient;
  let plain: PrismaClient;
  let closeExtra: () => Promise<void> = async () => {};

  beforeAll(async () => {
    database = await backend.open();
    if (backend.name === "pglite") {
      app = database.prisma;
      plain = new PrismaClient({ adapter: new PrismaPGlite(database.pglite!) });
    } else {
      // One session each, so what it prepared can be read back in it.
      app = new PrismaClient({ adapter: postgresAdapter(database.url!, { max: 1 }) });
      plain = new PrismaClient({ adapter: postgresAdapter(database.url!, { max: 1, preparedStatements: false }) });
      closeExtra = () => app.$disconnect();
    }
    await app.$executeRawUnsafe(`CREATE TABLE prep_probe (id text PRIMARY KEY, n int NOT NULL)`);
  }, 120_000);

  afterAll(async () => {
    await plain?.$disconnect();
    await closeExtra();
    await database?.close();
  });

  it("gives what an unnamed statement gives, for every parameter type, and prepares it once", async () => {
    for (let i = 0; i < 4; i++) expect(await probe(app, i)).toEqual(await probe(plain, i));
    const mine = (await prepared(app)).filter((s) => s.statement.includes("AS maybe"));
    expect(mine).toHaveLength(1);
    // PGlite is one session, which the unwrapped client shares; on PostgreSQL it has its own, unnamed.
    const seenByPlain = (await prepared(plain)).filter((s) => s.statement.includes("AS maybe"));
    expect(seenByPlain).toEqual(backend.name === "pglite" ? mine : []);
  });

  it("reports a failing prepared statement's error and goes on", async () => {
    const insert = (db: PrismaClient, id: string) => db.$executeRaw`INSERT INTO prep_probe (id, n) VALUES (${id}, ${1})`;
    await insert(app, "a");
    await insert(app, "b");
    const err = await insert(app, "a").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(String((err as Error).message)).toMatch(/23505|unique/i);
    await insert(app, "c");
    expect((await app.$queryRaw<{ id: string }[]>`SELECT id FROM prep_probe ORDER BY id`).map((r) => r.id)).toEqual(["a", "b", "c"]);
  });

  it("inside a transaction: rolled back with it, and the statement stays usable", async () => {
    const bump = (db: Pick<PrismaClient, "$executeRaw">, id: string) => db.$executeRaw`UPDATE prep_probe SET n = n + ${1} WHERE id = ${id}`;
    await bump(app, "a");
    await bump(app, "a");
    await expect(
      app.$transaction(async (tx) => {
        await bump(tx, "a");
        await bump(tx, "b");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await app.$transaction(async (tx) => {
      await bump(tx, "b");
    });
    const rows = await app.$queryRaw<{ id: string; n: number }[]>`SELECT id, n FROM prep_probe WHERE id IN ('a', 'b') ORDER BY id`;
    expect(rows).toEqual([{ id: "a", n: 3 }, { id: "b", n: 2 }]);
  });

  it("many at once and a second client on the same database", async () => {
    const second = backend.name === "pglite" ? new PrismaClient({ adapter: pgliteAdapter(database.pglite!) }) : new PrismaClient({ adapter: postgresAdapter(database.url!, { max: 3 }) });
    try {
      const runs = await Promise.all(Array.from({ length: 24 }, (_, i) => probe(i % 2 ? app : second, i % 5)));
      const expected = await Promise.all(Array.from({ length: 24 }, (_, i) => probe(plain, i % 5)));
      expect(runs).toEqual(expected);
    } finally {
      await second.$disconnect();
    }
  });
});

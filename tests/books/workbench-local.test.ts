import { afterAll, beforeAll, describe } from "vitest";
import { LocalBookGateway } from "@/lib/books/local/gateway";
import type { BookRoleName } from "@/lib/books/types";
import { databaseBackends, type Backend } from "../helpers/databases";
import { transferOpsContract } from "./transfer-ops-contract";
import { workbenchContract, type WorkbenchEnv } from "./workbench-contract";

describe.each(databaseBackends())("local Books workbench on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let n = 0;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  const env: WorkbenchEnv = {
    async book() {
      const roles: BookRoleName[] = ["OWNER", "EDITOR", "POSTER", "RECORDER", "VIEWER"];
      const k = ++n;
      const users = await Promise.all(roles.map((r) => db.prisma.user.create({ data: { email: `${r.toLowerCase()}-${k}@example.com` } })));
      const book = await db.prisma.book.create({ data: { name: `Workbench ${k}`, fractionDigits: 2, members: { create: users.map((u, i) => ({ userId: u.id, role: roles[i]! })) } } });
      const owner = new LocalBookGateway(db.prisma, users[0]!.id);
      const accounts = new Map<string, string>();
      for (const [name, type] of [["Checking", "ASSET"], ["Food", "OUTGOING"], ["Salary", "INCOMING"]] as const) accounts.set(name, (await owner.createAccount(book.id, { name, type })).id);
      return {
        bookId: book.id,
        gateway: (role) => new LocalBookGateway(db.prisma, users[roles.indexOf(role)]!.id),
        account: (name) => accounts.get(name)!,
        setLock: async (day) => {
          await db.prisma.book.update({ where: { id: book.id }, data: { lockDate: day ? new Date(`${day}T00:00:00Z`) : null } });
        },
      };
    },
  };
  workbenchContract(env);
  transferOpsContract(env);
});

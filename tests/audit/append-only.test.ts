/**
 * The audit trail is append-only: no code path updates or deletes an AuditEvent. This reads the
 * sources (app, lib, components, scripts, prisma migrations) and fails on any Prisma update/delete/
 * upsert of auditEvent — directly, through a transaction client or by a bracketed name — and on any
 * raw SQL UPDATE, DELETE or TRUNCATE of audit_events.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIRS = ["app", "lib", "components", "scripts", "prisma/migrations", "proxy.ts", "instrumentation.ts"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

const PRISMA_WRITE = /\bauditEvent\s*(?:\?\.|\.|\[\s*["'`]\s*)\s*(update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\b/;
const DYNAMIC_MODEL = /\[\s*["'`]auditEvent["'`]\s*\]\s*\.\s*(update|updateMany|upsert|delete|deleteMany)\b/;
const RAW_SQL = /\b(UPDATE\s+(?:ONLY\s+)?(?:"?public"?\.)?"?audit_events"?|DELETE\s+FROM\s+(?:ONLY\s+)?(?:"?public"?\.)?"?audit_events"?|TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?(?:"?public"?\.)?"?audit_events"?)/i;

function* files(p: string): Generator<string> {
  const full = path.join(ROOT, p);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isFile()) {
    yield full;
    return;
  }
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const child = path.join(p, entry.name);
    if (entry.isDirectory()) yield* files(child);
    else if (/\.(ts|tsx|mts|mjs|js|sql)$/.test(entry.name)) yield path.join(ROOT, child);
  }
}

function offences(source: string): string[] {
  return source
    .split("\n")
    .filter((line) => PRISMA_WRITE.test(line) || DYNAMIC_MODEL.test(line) || RAW_SQL.test(line))
    .map((l) => l.trim());
}

describe("the audit trail is append-only", () => {
  it("the check itself catches each way of changing the table", () => {
    for (const bad of [
      "await db.auditEvent.update({ where: { id } })",
      "await tx.auditEvent.deleteMany({})",
      "prisma.auditEvent.upsert({",
      "db.auditEvent?.delete({ where })",
      'db["auditEvent"].updateMany({})',
      'await db.$executeRaw`UPDATE "audit_events" SET action = ${a}`',
      "await db.$executeRawUnsafe('DELETE FROM audit_events WHERE 1=1')",
      'TRUNCATE TABLE "public"."audit_events";',
    ]) {
      expect(offences(bad), bad).toHaveLength(1);
    }
    for (const fine of ["await db.auditEvent.create({ data })", "db.auditEvent.findMany({ where })", 'SELECT * FROM "audit_events"', "db.webhookEvent.deleteMany({})"]) {
      expect(offences(fine), fine).toEqual([]);
    }
  });

  it("no source file updates, deletes, upserts or truncates audit events", () => {
    const found: string[] = [];
    let scanned = 0;
    for (const dir of DIRS) {
      for (const file of files(dir)) {
        scanned++;
        for (const o of offences(fs.readFileSync(file, "utf8"))) found.push(`${path.relative(ROOT, file)}: ${o}`);
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });

  it("recordAudit only creates", () => {
    const source = fs.readFileSync(path.join(ROOT, "lib/audit/record.ts"), "utf8");
    expect(source).toMatch(/db\.auditEvent\.create\(/);
    expect(offences(source)).toEqual([]);
  });
});

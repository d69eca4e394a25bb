import { PrismaPg } from "@prisma/adapter-pg";
import { statementNamer } from "./statement-names";

/**
 * The Prisma adapter for a PostgreSQL URL. Its hot statements are prepared once per pooled
 * connection (./statement-names.ts); `preparedStatements: false` leaves every statement unnamed,
 * for a pooler that does not keep them (PgBouncer in transaction mode before 1.21).
 */
export function postgresAdapter(url: string, opts: { max: number; preparedStatements?: boolean }): PrismaPg {
  if (opts.preparedStatements === false) return new PrismaPg({ connectionString: url, max: opts.max });
  const name = statementNamer();
  return new PrismaPg({ connectionString: url, max: opts.max }, { statementNameGenerator: (query) => name(query.sql) });
}

import { defineConfig } from "prisma/config";

// The CLI is only used for `prisma generate`/`validate` here; migrations are applied by
// `npm run db:migrate` (lib/db/migrate.ts) so that they also work offline and on PGlite.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});

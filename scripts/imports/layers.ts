import type { Layer, Violation } from "./graph";

/**
 * The layers of lib/, bottom to top, as docs/architecture.md#layers states them. A lib/ module may
 * import its own layer and the layers below, never one above; an entry is a folder (ending in
 * `/`) or a module path without its extension; the longest entry that matches a file wins.
 */
export const LAYERS: Layer[] = [
  {
    name: "foundation",
    modules: ["lib/ids", "lib/dates", "lib/format/", "lib/crypto/", "lib/http/", "lib/pagination/", "lib/generated/"],
  },
  // i18n sits above format: it formats with it (dates, money), and format must not need it.
  // Errors sit with the dictionaries: an AppError carries a message for people.
  { name: "config and text", modules: ["lib/config", "lib/i18n/", "lib/errors"] },
  { name: "secrets and database", modules: ["lib/secrets", "lib/db/", "lib/security/"] },
  // The rate limits sit above the database: their shared windows live in it (or in Redis).
  { name: "people, providers and Books", modules: ["lib/rate-limits/", "lib/auth/", "lib/providers/", "lib/books/"] },
  { name: "connections, integrations and audit", modules: ["lib/connections/", "lib/integrations/", "lib/audit/"] },
  { name: "sync engine", modules: ["lib/sync/"] },
  {
    name: "above the engine: webhooks, notifications, read models",
    // lib/sync/read/: the page read models (what a page shows of connections and syncs).
    modules: ["lib/webhooks/", "lib/notifications/", "lib/sync/read/"],
  },
  // The processes: they put the engine, the notifications and the webhook housekeeping together.
  { name: "processes", modules: ["lib/worker", "lib/server-start"] },
  // The adapter that mounts packages/sandbox in the app (config, secrets): nothing in the product
  // imports it but app/sandbox and the Plaid Link shim (ESLint's no-restricted-imports says so).
  { name: "sandbox adapter", modules: ["lib/sandbox/"] },
  // The application context: what actions, routes and pages are given (database, providers, sync
  // queue, clock, session, cache, language). It puts the singletons of every layer below together;
  // nothing in lib/ imports it (lib/auth/action.ts and guard.ts take a resolver it passes in).
  { name: "application context", modules: ["lib/app-context/"] },
];

/**
 * Known violations, each named exactly (a cycle by all its files, an upward import by its two
 * files). None are left; nothing may be added here: fix the import instead.
 */
export const ALLOWED: { rule: Violation["rule"]; files: string[] }[] = [];

import type { Layer, Violation } from "./graph";

/**
 * The layers of lib/, bottom to top, as docs/architecture.md#layers states them. A lib/ module may
 * import its own layer and the layers below, never one above; an entry is a folder (ending in
 * `/`) or a module path without its extension; the longest entry that matches a file wins.
 */
export const LAYERS: Layer[] = [
  {
    name: "foundation",
    // lib/dates: the one date helper module (arriving with the branch redesign-small).
    modules: ["lib/ids", "lib/dates", "lib/format/", "lib/crypto/", "lib/generated/"],
  },
  // i18n sits above format: it formats with it (dates, money), and format must not need it.
  // Errors sit with the dictionaries: an AppError carries a message for people.
  { name: "config and text", modules: ["lib/config", "lib/i18n/", "lib/errors"] },
  { name: "secrets and database", modules: ["lib/secrets", "lib/db/", "lib/security/"] },
  { name: "people, providers and Books", modules: ["lib/auth/", "lib/providers/", "lib/books/"] },
  { name: "connections, integrations and audit", modules: ["lib/connections/", "lib/integrations/", "lib/audit/"] },
  { name: "sync engine", modules: ["lib/sync/"] },
  {
    name: "above the engine: webhooks, notifications, read models",
    // lib/sync/status and lib/sync/views are page read models; lib/sync/read/ is where they are moving.
    modules: ["lib/webhooks/", "lib/notifications/", "lib/sync/read/", "lib/sync/status", "lib/sync/views"],
  },
  // The processes: they put the engine, the notifications and the webhook housekeeping together.
  { name: "processes", modules: ["lib/worker", "lib/server-start"] },
  // The offline emulators of Plaid and Pluggy: nothing in the product imports them (they are
  // moving out of lib/ to packages/sandbox; drop this entry then).
  { name: "sandbox", modules: ["lib/sandbox/"] },
];

/**
 * Known violations, each named exactly (a cycle by all its files, an upward import by its two
 * files). Nothing else may be added here: fix the import instead.
 *
 * - lib/format/ui-dates.ts imports the Locale type from lib/i18n/locales.ts while lib/i18n imports
 *   lib/format (a circle of folders, and an import up a layer). The message-keys redesign (branch
 *   redesign-messages) puts Locale in one place below both; once it is merged, empty this list
 *   (the checker fails on an entry that no longer matches anything).
 */
export const ALLOWED: { rule: Violation["rule"]; files: string[] }[] = [
  { rule: "layer", files: ["lib/format/ui-dates.ts", "lib/i18n/locales.ts"] },
  { rule: "folder-cycle", files: ["lib/format", "lib/i18n"] },
];

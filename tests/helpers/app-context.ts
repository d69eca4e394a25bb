import { vi, type Mock } from "vitest";
import { withAppContext, type AppContext } from "@/lib/app-context";
import type { SessionUser } from "@/lib/auth/session";
import type { Database } from "@/lib/db/open";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import { createTranslator } from "@/lib/i18n/translate";
import { isCountry, providerNameFor, type BankProvider, type ProviderName } from "@/lib/providers";
import { ProviderError } from "@/lib/providers/errors";
import type { RequestSync } from "@/lib/sync/request";

/**
 * The application context (lib/app-context) as a test builds it: the test's database
 * (tests/helpers/databases.ts), the sandbox harness's SDK providers
 * (packages/sandbox/testing/harness.ts), a recording requestSync, the real clock unless a test
 * sets one, a signed-in user the test chooses, the language it chooses, and no cache to revalidate.
 * Actions, routes and pages run inside it with `app.run(fn)`, or bound once with `app.bind(module)`.
 */
export type TestApp = {
  /** The database the context hands out; set in beforeAll. */
  db: Database | null;
  /** The providers `providers.get` / `forCountry` hand out (a sandbox harness has both). */
  providers: { plaid: BankProvider; pluggy: BankProvider } | null;
  /** The signed-in user (null: signed out). */
  user: SessionUser | null;
  /** The reader's language (the locale cookie); undefined: English. */
  locale: Locale | undefined;
  pluggyWebhookSecret: string | undefined;
  now: () => Date;
  /** Every sync asked for, as a mock (calls, arguments); it queues nothing. */
  requestSync: Mock<RequestSync>;
  /** Every path revalidated. */
  revalidated: string[];
  context: AppContext;
  /** Runs fn with this context as the request's. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Signs in the user with this e-mail (from the database), or signs out with null. */
  signIn(email: string | null): Promise<void>;
  /** The module's functions, each run with this context. */
  bind<M extends object>(mod: M): M;
};

// next.config.ts turns on experimental.authInterrupts, and Next.js then sets this variable for the
// app; set here the same way, forbidden() (lib/auth/guard.ts) throws as it does in the app.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

export function createTestApp(): TestApp {
  const db = () => {
    if (!app.db) throw new Error("test app: no database yet (set app.db in beforeAll)");
    return app.db;
  };
  const provider = (name: ProviderName): BankProvider => {
    if (!app.providers) throw new Error("test app: no providers (set app.providers to a sandbox harness)");
    return name === "PLAID" ? app.providers.plaid : app.providers.pluggy;
  };
  const context: AppContext = {
    db: async () => db().prisma,
    providers: {
      get: provider,
      forCountry: (country) => {
        if (!isCountry(country)) throw new ProviderError("NOT_CONFIGURED", `Bank connections are not offered in ${country}.`);
        return provider(providerNameFor(country));
      },
    },
    requestSync: (...args) => app.requestSync(...args),
    syncQueue: () => Promise.reject(new Error("test app: no sync queue")),
    clock: { now: () => app.now() },
    sessionUser: async () => app.user,
    revalidate: (path) => {
      app.revalidated.push(path);
    },
    secrets: { pluggyWebhook: () => app.pluggyWebhookSecret },
    header: async () => null,
    translator: async () => {
      const locale = app.locale ?? DEFAULT_LOCALE;
      return createTranslator(locale, DICTIONARIES[locale]);
    },
  };
  const app: TestApp = {
    db: null,
    providers: null,
    user: null,
    locale: undefined,
    pluggyWebhookSecret: undefined,
    now: () => new Date(),
    requestSync: vi.fn<RequestSync>(async () => {}),
    revalidated: [],
    context,
    run: (fn) => withAppContext(context, fn),
    signIn: async (email) => {
      const u = email ? await db().prisma.user.findUniqueOrThrow({ where: { email } }) : null;
      app.user = u ? { id: u.id, email: u.email, name: u.name } : null;
    },
    bind: (mod) => {
      const bound: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(mod)) {
        bound[key] = typeof value === "function" ? (...args: unknown[]) => app.run(async () => (value as (...a: unknown[]) => unknown)(...args)) : value;
      }
      return bound as typeof mod;
    },
  };
  return app;
}

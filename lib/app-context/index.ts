import { AsyncLocalStorage } from "node:async_hooks";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { actionWrappers } from "@/lib/auth/action";
import { pageGuards } from "@/lib/auth/guard";
import type { SessionUser } from "@/lib/auth/session";
import { prisma } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getT } from "@/lib/i18n/server";
import type { Translate } from "@/lib/i18n/translate";
import { getProvider, providerForCountry, type BankProvider, type ProviderName } from "@/lib/providers";
import { getPluggyWebhookSecret } from "@/lib/secrets";
import { getSyncQueue } from "@/lib/sync/queue";
import { requestSync, type RequestSync } from "@/lib/sync/request";

/**
 * The application context: everything a server action, a route handler or a page reaches outside
 * itself — the database, the provider registry, the sync queue, the clock, the session, the cache
 * and the request's language — in one object passed in, never imported as a singleton. In
 * production it is built from the app's singletons; a test builds its own
 * (tests/helpers/app-context.ts) and runs the action, route or page inside `withAppContext`.
 */
export interface AppContext {
  /** The database (opened at the first call). */
  db(): Promise<PrismaClient>;
  providers: { get(name: ProviderName): BankProvider; forCountry(country: string): BankProvider };
  /** Queues a sync (never throws). */
  requestSync: RequestSync;
  /** The sync queue itself, for the cron route's pass over due jobs. */
  syncQueue: typeof getSyncQueue;
  clock: { now(): Date };
  /** The signed-in user, or null. */
  sessionUser(): Promise<SessionUser | null>;
  /** Marks a path's cached render stale (Next's revalidatePath). */
  revalidate(path: string, type?: "layout" | "page"): void;
  secrets: { pluggyWebhook(): string | undefined };
  /** The request's headers, as the proxy passed them on. */
  header(name: string): Promise<string | null>;
  /** The request's translator (its language: the cookie, else Accept-Language). */
  translator(): Promise<Translate>;
}

// Auth.js is loaded when first asked: it only runs inside a Next.js request.
const productionContext: AppContext = {
  db: prisma,
  providers: { get: getProvider, forCountry: providerForCountry },
  requestSync,
  syncQueue: getSyncQueue,
  clock: { now: () => new Date() },
  sessionUser: async () => (await import("@/lib/auth/session")).getSessionUser(),
  revalidate: (path, type) => revalidatePath(path, type),
  secrets: { pluggyWebhook: () => getPluggyWebhookSecret() },
  header: async (name) => (await headers()).get(name),
  translator: getT,
};

const ambient = new AsyncLocalStorage<AppContext>();

/** Runs `fn` with `ctx` as the application context (a test's, or a request's). */
export function withAppContext<T>(ctx: AppContext, fn: () => T): T {
  return ambient.run(ctx, fn);
}

/** The context of the running request: the one `withAppContext` set, else the production one. */
export function appContext(): AppContext {
  return ambient.getStore() ?? productionContext;
}

const asRequest = () => {
  const ctx = appContext();
  return { user: () => ctx.sessionUser(), db: () => ctx.db(), header: (name: string) => ctx.header(name), app: ctx };
};

/** lib/auth/action.ts's wrappers on the context: handlers get `app` (the context) beside `db`. */
export const { userAction, bookAction } = actionWrappers<AppContext>(asRequest);
/** lib/auth/guard.ts's page guards on the context. */
export const { requireUser, requireBookPage } = pageGuards(asRequest);

import path from "node:path";
import { z } from "zod";
import { parseKeyring } from "@/lib/crypto/keyring";
import type { Keyring } from "@/lib/crypto/envelope";

/**
 * Environment, parsed once with zod. Every problem is reported as one line that names the
 * variable and says what is wrong — never a stack trace, never the value of a secret.
 */

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "" && u.pathname.length > 1;
    } catch {
      return false;
    }
  }, "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE");

const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/**
 * Plaid's rules for a redirect URI (plaid.com/docs/link/oauth): an absolute http(s) URL without a
 * fragment; https outside localhost. Undefined when it qualifies, else what is wrong.
 */
export function redirectUriProblem(v: string): string | undefined {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return "expected an absolute URL, like https://bank.example.com/oauth/plaid";
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return "expected an https:// URL";
  if (u.hash || v.includes("#")) return "must not have a #fragment";
  if (u.protocol === "http:" && !["localhost", "127.0.0.1"].includes(u.hostname)) return "Plaid requires https except for localhost and 127.0.0.1";
  return undefined;
}

const redirectUri = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = redirectUriProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const rateLimit = z.coerce.number({ message: "expected a number of attempts" }).int("expected a whole number").min(1, "expected at least 1").max(100_000).optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: postgresUrl.optional(),
    DATA_DIR: z.string().trim().min(1, "must not be empty").default("./.data"),
    PORT: z.coerce
      .number({ message: "expected a port number" })
      .int("expected a whole number")
      .min(1, "expected 1-65535")
      .max(65535, "expected 1-65535")
      .default(3000),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    AUTH_GOOGLE_ID: z.string().trim().min(1, "must not be empty").optional(),
    AUTH_GOOGLE_SECRET: z.string().trim().min(1, "must not be empty").optional(),
    SANDBOX_SIGNIN: booleanish.optional(),
    SANDBOX_ADMIN_EMAILS: z
      .string()
      .trim()
      .refine((v) => v.split(",").every((e) => /^[^\s@,]+@[^\s@,]+$/.test(e.trim())), "expected e-mail addresses separated by commas")
      .optional(),
    APP_URL: z.url({ message: "expected the portal's public URL, like https://bank.example.com" }).optional(),
    TOKEN_ENCRYPTION_KEYS: z.string().optional(),
    PLAID_CLIENT_ID: z.string().trim().min(1).optional(),
    PLAID_SECRET: z.string().trim().min(1).optional(),
    PLAID_ENV: z.enum(["sandbox", "production"], { message: "expected sandbox or production" }).optional(),
    PLAID_REDIRECT_URI: redirectUri.optional(),
    PLUGGY_CLIENT_ID: z.string().trim().min(1).optional(),
    PLUGGY_CLIENT_SECRET: z.string().trim().min(1).optional(),
    AUTO_MIGRATE: booleanish.optional(),
    DATABASE_PREPARED_STATEMENTS: booleanish.optional(),
    PLUGGY_WEBHOOK_SECRET: z.string().trim().min(16, "must be at least 16 characters").optional(),
    CRON_SECRET: z.string().trim().min(16, "must be at least 16 characters (try: openssl rand -hex 32)").optional(),
    SYNC_WORKER: z.enum(["in-process", "off"], { message: "expected in-process or off" }).optional(),
    SYNC_INTERVAL_MINUTES: z.coerce.number({ message: "expected minutes" }).int("expected a whole number").min(1).max(1440).optional(),
    BOOKS: z.enum(["local", "bkper"], { message: "expected local or bkper" }).optional(),
    BKPER_API_KEY: z.string().trim().min(1).optional(),
    BKPER_API_URL: z.url({ message: "expected a URL" }).optional(),
    SMTP_URL: z
      .string()
      .trim()
      .refine((v) => {
        try {
          const u = new URL(v);
          return (u.protocol === "smtp:" || u.protocol === "smtps:") && u.hostname !== "";
        } catch {
          return false;
        }
      }, "expected smtp://USER:PASSWORD@HOST:PORT or smtps://…")
      .optional(),
    MAIL_FROM: z
      .string()
      .trim()
      .regex(/^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, "expected an address like bank@example.com or Bank Connections <bank@example.com>")
      .optional(),
    TRUST_PROXY: booleanish.optional(),
    RATE_LIMIT_SIGNIN_PER_MINUTE: rateLimit,
    RATE_LIMIT_SIGNIN_IP_PER_MINUTE: rateLimit,
    RATE_LIMIT_LINK_SESSIONS_PER_10_MINUTES: rateLimit,
    RATE_LIMIT_WEBHOOKS_PER_MINUTE: rateLimit,
    RATE_LIMIT_STORE: z.enum(["database", "redis", "memory"], { message: "expected database, redis or memory" }).optional(),
    REDIS_URL: z
      .string()
      .trim()
      .refine((v) => {
        try {
          const u = new URL(v);
          return (u.protocol === "redis:" || u.protocol === "rediss:") && u.hostname !== "";
        } catch {
          return false;
        }
      }, "expected redis://[USER:PASSWORD@]HOST:PORT[/DB] or rediss://…")
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.BOOKS === "bkper" && !(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["BOOKS"], message: "bkper needs Google sign-in (AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET): Bkper is reached with the user's Google token" });
    }
    for (const [a, b] of [
      ["PLAID_CLIENT_ID", "PLAID_SECRET"],
      ["PLUGGY_CLIENT_ID", "PLUGGY_CLIENT_SECRET"],
    ] as const) {
      if (Boolean(env[a]) !== Boolean(env[b])) {
        ctx.addIssue({ code: "custom", path: [env[a] ? b : a], message: `must be set together with ${env[a] ? a : b}` });
      }
    }
    if (env.TOKEN_ENCRYPTION_KEYS !== undefined) {
      const r = parseKeyring(env.TOKEN_ENCRYPTION_KEYS);
      if (typeof r === "string") ctx.addIssue({ code: "custom", path: ["TOKEN_ENCRYPTION_KEYS"], message: r });
    }
    if (Boolean(env.SMTP_URL) !== Boolean(env.MAIL_FROM)) {
      ctx.addIssue({ code: "custom", path: [env.SMTP_URL ? "MAIL_FROM" : "SMTP_URL"], message: `must be set together with ${env.SMTP_URL ? "SMTP_URL" : "MAIL_FROM"} (e-mail notifications need both, or neither)` });
    }
    if (env.RATE_LIMIT_STORE === "redis" && !env.REDIS_URL) {
      ctx.addIssue({ code: "custom", path: ["RATE_LIMIT_STORE"], message: "redis needs REDIS_URL" });
    }
    if (Boolean(env.AUTH_GOOGLE_ID) !== Boolean(env.AUTH_GOOGLE_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.AUTH_GOOGLE_ID ? "AUTH_GOOGLE_SECRET" : "AUTH_GOOGLE_ID"],
        message: "must be set together with " + (env.AUTH_GOOGLE_ID ? "AUTH_GOOGLE_ID" : "AUTH_GOOGLE_SECRET"),
      });
    }
  });

export type AppConfig = {
  nodeEnv: "development" | "production" | "test";
  /** "embedded": PGlite in this process; "postgres": DATABASE_URL. */
  database: { kind: "embedded"; dataDir: string } | { kind: "postgres"; url: string; preparedStatements: boolean };
  dataDir: string;
  port: number;
  authSecret: string | undefined;
  google: { clientId: string; clientSecret: string } | undefined;
  /** The e-mail-only sign-in of the embedded default. Off whenever DATABASE_URL is set, unless asked for. */
  sandboxSignIn: boolean;
  /** Who sees and drives every item of the local sandbox banks at /sandbox (lower-cased); everyone else, their own. */
  sandboxAdminEmails: string[];
  /** Apply pending migrations when the app opens its database. Default on for the embedded database. */
  autoMigrate: boolean;
  /** The portal's own base URL (webhooks, the local sandbox banks). */
  appUrl: string;
  /** Master keys for provider tokens; undefined → generated and kept in DATA_DIR (embedded only). */
  tokenKeys: Keyring | undefined;
  /** Real Plaid when keys are set; otherwise the local sandbox Plaid served by this app. */
  plaid: { mode: "local-sandbox" } | { mode: "plaid"; env: "sandbox" | "production"; clientId: string; secret: string };
  /**
   * Where Plaid sends the browser back after an OAuth bank (the return page /oauth/plaid), passed as
   * `redirect_uri` on every link token; null when off (PLAID_REDIRECT_URI set empty, or the default
   * `${APP_URL}/oauth/plaid` is not one Plaid accepts: plain http outside localhost).
   */
  plaidRedirectUri: string | null;
  pluggy: { mode: "local-sandbox" } | { mode: "pluggy"; clientId: string; clientSecret: string };
  /** Pluggy sends it in the X-Webhook-Secret header; generated and kept in DATA_DIR when unset (embedded only). */
  pluggyWebhookSecret: string | undefined;
  /** Bearer token of /api/cron/sync; the route is closed (401) without it. */
  cronSecret: string | undefined;
  /** Where sync jobs run: "in-process" (the embedded default) or "off" (cron route / `npm run worker`). */
  syncWorker: "in-process" | "off";
  /** How often every connection syncs on the schedule, in minutes. */
  syncIntervalMinutes: number;
  /** Where Books live: local Books (default) or the user's Bkper Books. */
  books: { kind: "local" } | { kind: "bkper"; apiKey: string | undefined; apiUrl: string };
  /** E-mail notifications (connection problems), sent by the worker; undefined → banners only. */
  mail: { smtpUrl: string; from: string } | undefined;
  /** Behind a reverse proxy: the client's address is the first X-Forwarded-For entry. */
  trustProxy: boolean;
  /** Attempts allowed per window (lib/rate-limits/limits.ts). */
  rateLimits: { signInPerEmailPerMinute: number; signInPerIpPerMinute: number; linkSessionsPer10Minutes: number; webhooksPerMinute: number };
  /**
   * Where the rate limits count (lib/rate-limits/store.ts): "database" (the default; shared by every
   * instance on the database), "redis" (the default when REDIS_URL is set) or "memory" (this
   * process only; chosen explicitly, for tests or a single-process dev set-up).
   */
  rateLimitStore: { kind: "database" } | { kind: "redis"; url: string } | { kind: "memory" };
};

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export function parseConfig(env: Env, cwd: string = process.cwd()): AppConfig {
  // Empty strings mean "not set" (as in a .env file with KEY=).
  const cleaned: Env = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") cleaned[k] = v;
  // PLAID_REDIRECT_URI set but empty: off (a deployment that has not registered one with Plaid).
  const redirectOff = env.PLAID_REDIRECT_URI !== undefined && env.PLAID_REDIRECT_URI.trim() === "";
  if (redirectOff) delete cleaned.PLAID_REDIRECT_URI;
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "environment")}: ${issue.message}`);
    throw new ConfigError([...new Set(lines)]);
  }
  const e = parsed.data;
  const appUrl = (e.APP_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, "");
  const defaultRedirect = `${appUrl}/oauth/plaid`;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  return {
    nodeEnv: e.NODE_ENV,
    database: e.DATABASE_URL ? { kind: "postgres", url: e.DATABASE_URL, preparedStatements: e.DATABASE_PREPARED_STATEMENTS ?? true } : { kind: "embedded", dataDir },
    dataDir,
    port: e.PORT,
    authSecret: e.AUTH_SECRET,
    google: e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET ? { clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET } : undefined,
    sandboxSignIn: e.SANDBOX_SIGNIN ?? !e.DATABASE_URL,
    sandboxAdminEmails: (e.SANDBOX_ADMIN_EMAILS ?? "")
      .split(",")
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean),
    autoMigrate: e.AUTO_MIGRATE ?? !e.DATABASE_URL,
    appUrl,
    tokenKeys: e.TOKEN_ENCRYPTION_KEYS ? (parseKeyring(e.TOKEN_ENCRYPTION_KEYS) as Keyring) : undefined,
    plaid:
      e.PLAID_CLIENT_ID && e.PLAID_SECRET
        ? { mode: "plaid", env: e.PLAID_ENV ?? "sandbox", clientId: e.PLAID_CLIENT_ID, secret: e.PLAID_SECRET }
        : { mode: "local-sandbox" },
    plaidRedirectUri: redirectOff ? null : (e.PLAID_REDIRECT_URI ?? (redirectUriProblem(defaultRedirect) ? null : defaultRedirect)),
    pluggy:
      e.PLUGGY_CLIENT_ID && e.PLUGGY_CLIENT_SECRET ? { mode: "pluggy", clientId: e.PLUGGY_CLIENT_ID, clientSecret: e.PLUGGY_CLIENT_SECRET } : { mode: "local-sandbox" },
    pluggyWebhookSecret: e.PLUGGY_WEBHOOK_SECRET,
    cronSecret: e.CRON_SECRET,
    // On Vercel nothing outlives a request: the cron route pulls jobs instead.
    syncWorker: e.SYNC_WORKER ?? (env.VERCEL ? "off" : "in-process"),
    syncIntervalMinutes: e.SYNC_INTERVAL_MINUTES ?? 60,
    books: e.BOOKS === "bkper" ? { kind: "bkper", apiKey: e.BKPER_API_KEY, apiUrl: (e.BKPER_API_URL ?? "https://api.bkper.app").replace(/\/+$/, "") } : { kind: "local" },
    mail: e.SMTP_URL && e.MAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } : undefined,
    trustProxy: e.TRUST_PROXY ?? false,
    rateLimits: {
      signInPerEmailPerMinute: e.RATE_LIMIT_SIGNIN_PER_MINUTE ?? 10,
      signInPerIpPerMinute: e.RATE_LIMIT_SIGNIN_IP_PER_MINUTE ?? 30,
      linkSessionsPer10Minutes: e.RATE_LIMIT_LINK_SESSIONS_PER_10_MINUTES ?? 20,
      webhooksPerMinute: e.RATE_LIMIT_WEBHOOKS_PER_MINUTE ?? 120,
    },
    rateLimitStore: rateLimitStore(e.RATE_LIMIT_STORE, e.REDIS_URL),
  };
}

function rateLimitStore(kind: "database" | "redis" | "memory" | undefined, redisUrl: string | undefined): AppConfig["rateLimitStore"] {
  const chosen = kind ?? (redisUrl ? "redis" : "database");
  if (chosen === "redis" && redisUrl) return { kind: "redis", url: redisUrl };
  return chosen === "memory" ? { kind: "memory" } : { kind: "database" };
}

const globalForConfig = globalThis as unknown as { __bankConnectionsConfig?: AppConfig };

/** The process's configuration; throws ConfigError (one line per bad variable). */
export function getConfig(): AppConfig {
  globalForConfig.__bankConnectionsConfig ??= parseConfig(process.env);
  return globalForConfig.__bankConnectionsConfig;
}

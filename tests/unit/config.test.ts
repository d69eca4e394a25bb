import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

function errorLines(env: Record<string, string>): string[] {
  try {
    parseConfig(env, "/app");
  } catch (err) {
    if (err instanceof ConfigError) return err.lines;
    throw err;
  }
  return [];
}

describe("configuration from the environment", () => {
  it("defaults to the embedded database, sandbox sign-in and port 3000 with no variables", () => {
    const c = parseConfig({}, "/app");
    expect(c.database).toEqual({ kind: "embedded", dataDir: "/app/.data" });
    expect(c.port).toBe(3000);
    expect(c.sandboxSignIn).toBe(true);
    expect(c.autoMigrate).toBe(true);
    expect(c.google).toBeUndefined();
  });

  it("switches to PostgreSQL with DATABASE_URL, without sandbox sign-in or automatic migrations", () => {
    const c = parseConfig({ DATABASE_URL: "postgresql://u:p@db:5432/bank" }, "/app");
    expect(c.database).toEqual({ kind: "postgres", url: "postgresql://u:p@db:5432/bank", preparedStatements: true });
    expect(c.sandboxSignIn).toBe(false);
    expect(c.autoMigrate).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgres://h/db", SANDBOX_SIGNIN: "true", AUTO_MIGRATE: "1" }).sandboxSignIn).toBe(true);
  });

  it("prepares statements on PostgreSQL unless DATABASE_PREPARED_STATEMENTS is false (a pooler that does not keep them)", () => {
    expect(parseConfig({ DATABASE_URL: "postgres://h/db", DATABASE_PREPARED_STATEMENTS: "false" }).database).toEqual({ kind: "postgres", url: "postgres://h/db", preparedStatements: false });
    expect(errorLines({ DATABASE_URL: "postgres://h/db", DATABASE_PREPARED_STATEMENTS: "sometimes" })).toEqual(["DATABASE_PREPARED_STATEMENTS: expected true or false"]);
  });

  it("reports each bad variable on one line that names it, never its value", () => {
    expect(errorLines({ DATABASE_URL: "mysql://u:secretpw@h/db" })).toEqual(["DATABASE_URL: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"]);
    expect(errorLines({ DATABASE_URL: "not a url" })).toEqual(["DATABASE_URL: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"]);
    expect(errorLines({ PORT: "eighty" })).toEqual(["PORT: expected a port number"]);
    expect(errorLines({ PORT: "70000" })).toEqual(["PORT: expected 1-65535"]);
    expect(errorLines({ AUTH_SECRET: "short" })).toEqual(["AUTH_SECRET: must be at least 32 characters (try: openssl rand -base64 32)"]);
    expect(errorLines({ AUTH_GOOGLE_ID: "id" })).toEqual(["AUTH_GOOGLE_SECRET: must be set together with AUTH_GOOGLE_ID"]);
    expect(errorLines({ SANDBOX_SIGNIN: "maybe" })).toEqual(["SANDBOX_SIGNIN: expected true or false"]);
    const two = errorLines({ DATABASE_URL: "x", PORT: "0" });
    expect(two).toHaveLength(2);
    expect(two.join("\n")).not.toContain("secretpw");
  });

  it("treats empty values as unset", () => {
    expect(parseConfig({ DATABASE_URL: "", PORT: "" }, "/app").database.kind).toBe("embedded");
  });
});

describe("where the rate limits count", () => {
  it("the database by default, Redis with REDIS_URL, memory only when chosen", () => {
    expect(parseConfig({}, "/app").rateLimitStore).toEqual({ kind: "database" });
    expect(parseConfig({ DATABASE_URL: "postgres://h/db" }, "/app").rateLimitStore).toEqual({ kind: "database" });
    expect(parseConfig({ REDIS_URL: "redis://cache:6379/2" }, "/app").rateLimitStore).toEqual({ kind: "redis", url: "redis://cache:6379/2" });
    expect(parseConfig({ REDIS_URL: "rediss://u:p@cache:6380", RATE_LIMIT_STORE: "database" }, "/app").rateLimitStore).toEqual({ kind: "database" });
    expect(parseConfig({ RATE_LIMIT_STORE: "memory" }, "/app").rateLimitStore).toEqual({ kind: "memory" });
  });

  it("names a bad REDIS_URL or store on one line, never the password", () => {
    expect(errorLines({ REDIS_URL: "http://u:hunter2@cache" })).toEqual(["REDIS_URL: expected redis://[USER:PASSWORD@]HOST:PORT[/DB] or rediss://…"]);
    expect(errorLines({ RATE_LIMIT_STORE: "redis" })).toEqual(["RATE_LIMIT_STORE: redis needs REDIS_URL"]);
    expect(errorLines({ RATE_LIMIT_STORE: "disk" })).toEqual(["RATE_LIMIT_STORE: expected database, redis or memory"]);
  });
});

describe("provider and key configuration", () => {
  it("uses the local sandbox banks without keys, and the real services with them", () => {
    const c = parseConfig({}, "/app");
    expect(c.plaid).toEqual({ mode: "local-sandbox" });
    expect(c.pluggy).toEqual({ mode: "local-sandbox" });
    expect(c.appUrl).toBe("http://127.0.0.1:3000");
    const real = parseConfig({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s", PLAID_ENV: "production", PLUGGY_CLIENT_ID: "p", PLUGGY_CLIENT_SECRET: "q", APP_URL: "https://bank.example.com/" });
    expect(real.plaid).toEqual({ mode: "plaid", env: "production", clientId: "id", secret: "s" });
    expect(real.pluggy).toEqual({ mode: "pluggy", clientId: "p", clientSecret: "q" });
    expect(real.appUrl).toBe("https://bank.example.com");
  });

  it("names half-set keys and bad key lists", () => {
    expect(errorLines({ PLAID_CLIENT_ID: "x" })).toEqual(["PLAID_SECRET: must be set together with PLAID_CLIENT_ID"]);
    expect(errorLines({ PLUGGY_CLIENT_SECRET: "x" })).toEqual(["PLUGGY_CLIENT_ID: must be set together with PLUGGY_CLIENT_SECRET"]);
    expect(errorLines({ PLAID_ENV: "development" })).toEqual(["PLAID_ENV: expected sandbox or production"]);
    expect(errorLines({ TOKEN_ENCRYPTION_KEYS: "k1:c2hvcnQ=" })[0]).toMatch(/^TOKEN_ENCRYPTION_KEYS: key k1 must be 32 bytes/);
    expect(errorLines({ APP_URL: "bank" })).toEqual(["APP_URL: expected the portal's public URL, like https://bank.example.com"]);
  });
});

describe("PLAID_REDIRECT_URI (Plaid OAuth return page)", () => {
  it("defaults to APP_URL/oauth/plaid, keeps a valid value, and is off when set empty", () => {
    expect(parseConfig({}, "/app").plaidRedirectUri).toBe("http://127.0.0.1:3000/oauth/plaid");
    expect(parseConfig({ APP_URL: "https://bank.example.com/" }, "/app").plaidRedirectUri).toBe("https://bank.example.com/oauth/plaid");
    expect(parseConfig({ PLAID_REDIRECT_URI: "https://bank.example.com/oauth/plaid" }, "/app").plaidRedirectUri).toBe("https://bank.example.com/oauth/plaid");
    expect(parseConfig({ PLAID_REDIRECT_URI: "http://localhost:3000/oauth/plaid" }, "/app").plaidRedirectUri).toBe("http://localhost:3000/oauth/plaid");
    expect(parseConfig({ PLAID_REDIRECT_URI: "" }, "/app").plaidRedirectUri).toBeNull();
    expect(parseConfig({ PLAID_REDIRECT_URI: "  " }, "/app").plaidRedirectUri).toBeNull();
    // Plaid refuses plain http outside localhost: the default is then off rather than a broken link token.
    expect(parseConfig({ APP_URL: "http://bank.lan:8080" }, "/app").plaidRedirectUri).toBeNull();
  });

  it("reports a bad value on one line", () => {
    expect(errorLines({ PLAID_REDIRECT_URI: "oauth/plaid" })).toEqual(["PLAID_REDIRECT_URI: expected an absolute URL, like https://bank.example.com/oauth/plaid"]);
    expect(errorLines({ PLAID_REDIRECT_URI: "http://bank.example.com/oauth/plaid" })).toEqual(["PLAID_REDIRECT_URI: Plaid requires https except for localhost and 127.0.0.1"]);
    expect(errorLines({ PLAID_REDIRECT_URI: "https://bank.example.com/oauth/plaid#x" })).toEqual(["PLAID_REDIRECT_URI: must not have a #fragment"]);
    expect(errorLines({ PLAID_REDIRECT_URI: "ftp://bank.example.com/" })).toEqual(["PLAID_REDIRECT_URI: expected an https:// URL"]);
  });
});

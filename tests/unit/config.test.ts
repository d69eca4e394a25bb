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
    expect(c.database).toEqual({ kind: "postgres", url: "postgresql://u:p@db:5432/bank" });
    expect(c.sandboxSignIn).toBe(false);
    expect(c.autoMigrate).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgres://h/db", SANDBOX_SIGNIN: "true", AUTO_MIGRATE: "1" }).sandboxSignIn).toBe(true);
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

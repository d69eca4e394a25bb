/** SMTP_URL and MAIL_FROM: both or neither, each checked, one clear line per problem; no secret in the message. */
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig({ DATA_DIR: "/tmp/x", ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.lines;
    throw err;
  }
};

describe("e-mail configuration", () => {
  it("neither set: no e-mail (banners only)", () => {
    expect(parseConfig({ DATA_DIR: "/tmp/x" }).mail).toBeUndefined();
  });

  it("both set: the worker's mail settings", () => {
    const c = parseConfig({ DATA_DIR: "/tmp/x", SMTP_URL: "smtp://user:pw@mail.example.com:587", MAIL_FROM: "Bank Connections <bank@example.com>" });
    expect(c.mail).toEqual({ smtpUrl: "smtp://user:pw@mail.example.com:587", from: "Bank Connections <bank@example.com>" });
    expect(parseConfig({ DATA_DIR: "/tmp/x", SMTP_URL: "smtps://mail.example.com", MAIL_FROM: "bank@example.com" }).mail?.from).toBe("bank@example.com");
  });

  it("one without the other, or a bad value: a clear line naming the variable, never the password", () => {
    expect(problems({ SMTP_URL: "smtp://u:hunter2@mail.example.com" })).toEqual(["MAIL_FROM: must be set together with SMTP_URL (e-mail notifications need both, or neither)"]);
    expect(problems({ MAIL_FROM: "bank@example.com" })).toEqual(["SMTP_URL: must be set together with MAIL_FROM (e-mail notifications need both, or neither)"]);
    const bad = problems({ SMTP_URL: "http://u:hunter2@mail.example.com", MAIL_FROM: "not an address" });
    expect(bad).toEqual([
      "SMTP_URL: expected smtp://USER:PASSWORD@HOST:PORT or smtps://…",
      "MAIL_FROM: expected an address like bank@example.com or Bank Connections <bank@example.com>",
    ]);
    expect(bad.join("\n")).not.toContain("hunter2");
  });
});

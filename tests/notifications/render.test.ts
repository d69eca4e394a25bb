/** What a notification says, rendered (nodemailer's JSON transport only here; delivery is tested through SMTP in notify.test.ts). */
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { connectionProblem as problemOf } from "@/lib/notifications/problems";
import { inWords } from "../helpers/in-words";
import { renderProblemMail } from "@/lib/notifications/render";

const now = new Date("2026-12-01T00:00:00Z");
const connectionProblem = (...a: Parameters<typeof problemOf>) => inWords(problemOf(...a));
const base = { institutionName: "Itaú", status: "CONNECTED" as const, consentExpiresAt: null, warningMessage: null, secret: "sealed" };

describe("connection problems in words", () => {
  it("names the problem and keys it by state", () => {
    expect(connectionProblem(base, now)).toBeNull();
    expect(connectionProblem({ ...base, status: "LOGIN_REQUIRED" }, now)).toMatchObject({ kind: "reconnect", key: "reconnect:LOGIN_REQUIRED", title: "Itaú needs Reconnect" });
    expect(connectionProblem({ ...base, status: "ERROR" }, now)).toMatchObject({ key: "reconnect:ERROR", title: "Itaú needs Reconnect" });
    const expiring = connectionProblem({ ...base, consentExpiresAt: new Date("2026-12-12T10:00:00Z"), warningMessage: "expires" }, now);
    expect(expiring).toMatchObject({ kind: "consent", key: "consent:2026-12-12", title: "Consent for Itaú expires on 12 Dec 2026" });
    // Our own 14-day reminder without a provider warning; nothing for a date far away.
    expect(connectionProblem({ ...base, consentExpiresAt: new Date("2026-12-10T00:00:00Z") }, now)?.kind).toBe("consent");
    expect(connectionProblem({ ...base, consentExpiresAt: new Date("2027-03-01T00:00:00Z") }, now)).toBeNull();
    expect(connectionProblem({ ...base, status: "DISCONNECTED" }, now)).toBeNull();
    expect(connectionProblem({ ...base, status: "LOGIN_REQUIRED", secret: null }, now)).toBeNull();
  });

  it("renders a plain e-mail with the link to User Connections", async () => {
    const problem = problemOf({ ...base, status: "LOGIN_REQUIRED" }, now)!;
    const mail = renderProblemMail(problem, { userId: "u1", email: "bruno@example.com", name: "Bruno", bookId: "book1", owner: false }, "https://bank.example.com");
    expect(mail).toMatchObject({ to: "bruno@example.com", subject: "Itaú needs Reconnect" });
    expect(mail.text).toContain("Hello Bruno,");
    expect(mail.text).toContain("This bank connection is shared with a Book you keep.");
    expect(mail.text).toContain("Open User Connections: https://bank.example.com/books/book1/automations/connections");
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const info = await transport.sendMail({ from: "bank@example.com", ...mail });
    expect(JSON.parse(String(info.message))).toMatchObject({ subject: "Itaú needs Reconnect", to: [{ address: "bruno@example.com" }] });
  });
});

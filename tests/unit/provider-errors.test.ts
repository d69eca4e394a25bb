import { AxiosHeaders } from "axios";
import { describe, expect, it } from "vitest";
import { describeProviderError, ProviderError } from "@/lib/providers/errors";
import { toProviderError as plaidError } from "@/lib/providers/plaid/errors";
import { toProviderError as pluggyError } from "@/lib/providers/pluggy/errors";
import { toItemState } from "@/lib/providers/pluggy/transform";
import { connectionStatusView as statusView } from "@/lib/connections/status";
import { inWords } from "../helpers/in-words";

const connectionStatusView = (...a: Parameters<typeof statusView>) => inWords(statusView(...a));

const axiosError = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  isAxiosError: true,
  config: { headers: { "PLAID-SECRET": "super-secret" } },
  response: { status, data, headers: new AxiosHeaders(headers) },
});
const plaidBody = (error_type: string, error_code: string) => ({ error_type, error_code, error_message: `${error_code} happened`, display_message: null, request_id: "r1" });

describe("Plaid errors become typed provider errors", () => {
  it.each([
    ["ITEM_ERROR", "ITEM_LOGIN_REQUIRED", 400, "REAUTH_REQUIRED"],
    ["ITEM_ERROR", "INVALID_CREDENTIALS", 400, "INVALID_CREDENTIALS"],
    ["INSTITUTION_ERROR", "INSTITUTION_DOWN", 400, "INSTITUTION_DOWN"],
    ["INVALID_INPUT", "INVALID_PUBLIC_TOKEN", 400, "INVALID_TOKEN"],
    ["INVALID_INPUT", "INVALID_ACCESS_TOKEN", 400, "ITEM_NOT_FOUND"],
    ["ITEM_ERROR", "ITEM_NOT_FOUND", 400, "ITEM_NOT_FOUND"],
    ["INVALID_INPUT", "INVALID_API_KEYS", 400, "NOT_CONFIGURED"],
    ["API_ERROR", "INTERNAL_SERVER_ERROR", 500, "PROVIDER_ERROR"],
  ])("%s/%s → %s", (type, code, status, kind) => {
    const e = plaidError(axiosError(status, plaidBody(type, code)));
    expect(e.kind).toBe(kind);
    expect(e.details.providerCode).toBe(code);
    expect(JSON.stringify(e)).not.toContain("super-secret");
  });

  it("reads the retry time of a rate limit, and says when it will retry", () => {
    const e = plaidError(axiosError(429, plaidBody("RATE_LIMIT_EXCEEDED", "TRANSACTIONS_SYNC_LIMIT"), { "retry-after": "42" }));
    expect(e).toMatchObject({ kind: "RATE_LIMITED", details: { retryAfterSeconds: 42 } });
    expect(e.retryable).toBe(true);
    expect(describeProviderError(e).action).toBe("We will try again in 42 seconds.");
  });

  it("treats a timeout or no answer as a retryable provider error", () => {
    expect(plaidError({ code: "ECONNABORTED" })).toMatchObject({ kind: "PROVIDER_ERROR", message: "Plaid did not answer in time." });
    expect(plaidError(new Error("socket hang up")).kind).toBe("PROVIDER_ERROR");
    expect(plaidError(axiosError(502, "<html>bad gateway</html>")).kind).toBe("PROVIDER_ERROR");
  });
});

describe("Pluggy errors and item states", () => {
  it("maps Pluggy's error bodies and got errors", () => {
    expect(pluggyError({ code: 404, message: "Item not found" }).kind).toBe("ITEM_NOT_FOUND");
    expect(pluggyError({ code: 429, message: "Too many" }).kind).toBe("RATE_LIMITED");
    expect(pluggyError({ response: { statusCode: 401, body: { code: 401, message: "bad keys" } } }).kind).toBe("NOT_CONFIGURED");
    expect(pluggyError({ code: 500, message: "boom" }).kind).toBe("PROVIDER_ERROR");
    expect(pluggyError({ code: "ETIMEDOUT" }).message).toBe("Pluggy did not answer in time.");
  });

  it("derives the item state from status and execution status", () => {
    const base = { consentExpiresAt: null, error: null, executionStatus: "SUCCESS" };
    expect(toItemState({ ...base, status: "UPDATED" } as never).status).toBe("OK");
    expect(toItemState({ ...base, status: "UPDATING" } as never).status).toBe("UPDATING");
    expect(toItemState({ ...base, status: "LOGIN_ERROR", error: { code: "INVALID_CREDENTIALS", message: "Wrong password" } } as never)).toMatchObject({
      status: "LOGIN_REQUIRED",
      errorCode: "INVALID_CREDENTIALS",
      errorMessage: "Wrong password",
    });
    expect(toItemState({ ...base, status: "OUTDATED", executionStatus: "SITE_NOT_AVAILABLE" } as never)).toMatchObject({ status: "ERROR", errorCode: "SITE_NOT_AVAILABLE" });
  });
});

describe("connection status in words", () => {
  const now = new Date("2026-11-24T00:00:00Z");
  it("labels each state with its reason and fixing action", () => {
    expect(connectionStatusView({ status: "CONNECTED", errorMessage: null, consentExpiresAt: null }, now)).toMatchObject({ label: "Connected", canReconnect: false });
    expect(connectionStatusView({ status: "LOGIN_REQUIRED", errorMessage: null, consentExpiresAt: null }, now)).toMatchObject({ label: "Login required", canReconnect: true });
    expect(connectionStatusView({ status: "ERROR", errorMessage: "Bank down", consentExpiresAt: null }, now)).toMatchObject({ label: "Error", reason: "Bank down", canReconnect: true });
    expect(connectionStatusView({ status: "SYNCING", errorMessage: null, consentExpiresAt: null }, now).label).toBe("Syncing");
  });

  it("warns with the date when consent expires within 14 days", () => {
    const v = connectionStatusView({ status: "CONNECTED", errorMessage: null, consentExpiresAt: new Date("2026-12-01T00:00:00Z") }, now);
    expect(v).toMatchObject({ tone: "warn", canReconnect: true });
    expect(v.reason).toContain("2026-12-01");
    expect(connectionStatusView({ status: "CONNECTED", errorMessage: null, consentExpiresAt: new Date("2027-03-01T00:00:00Z") }, now).tone).toBe("ok");
  });

  it("describes every error kind with an action", () => {
    for (const kind of ["REAUTH_REQUIRED", "INVALID_CREDENTIALS", "MFA_REQUIRED", "INSTITUTION_DOWN", "RATE_LIMITED", "ITEM_NOT_FOUND", "INVALID_TOKEN", "NOT_CONFIGURED", "PROVIDER_ERROR"] as const) {
      const d = describeProviderError(new ProviderError(kind, "x"));
      expect(d.message.length).toBeGreaterThan(10);
      expect(d.action.length).toBeGreaterThan(10);
    }
  });
});

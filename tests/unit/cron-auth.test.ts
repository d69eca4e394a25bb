import { describe, expect, it } from "vitest";
import { cronAuthorized } from "@/lib/sync/cron-auth";

describe("cron route authorization", () => {
  const secret = "s3cret-value-0123456789";
  it("is closed without CRON_SECRET, whatever is sent", () => {
    expect(cronAuthorized(`Bearer ${secret}`, undefined)).toBe("closed");
  });
  it("accepts exactly `Bearer <secret>`", () => {
    expect(cronAuthorized(`Bearer ${secret}`, secret)).toBe("ok");
  });
  it.each([null, "", secret, `Bearer ${secret}x`, `bearer ${secret}`, `Bearer  ${secret}`, "Bearer "])("refuses %j", (header) => {
    expect(cronAuthorized(header, secret)).toBe("refused");
  });
});

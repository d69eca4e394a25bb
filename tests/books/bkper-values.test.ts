import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "@/lib/books/bkper/client";
import { BkperError } from "@/lib/books/bkper/errors";
import { absDecimal, bkperDateToIso, isZeroDecimal, roundDecimal } from "@/lib/books/bkper/values";
import { AppError } from "@/lib/errors";

describe("Bkper value conversions", () => {
  it("rounds decimal strings half away from zero, exactly", () => {
    const cases: [string, number, string][] = [
      ["12.345", 2, "12.35"],
      ["12.344999", 2, "12.34"],
      ["-12.345", 2, "-12.35"],
      ["0.5", 0, "1"],
      ["2.4999", 0, "2"],
      ["999.995", 2, "1000.00"],
      ["0.30000000000000004", 2, "0.30"],
      ["7", 3, "7.000"],
      ["-0.004", 2, "0.00"],
      ["123456789012345678.129", 2, "123456789012345678.13"],
      ["1.23456789", 8, "1.23456789"],
    ];
    for (const [input, fd, expected] of cases) expect(roundDecimal(input, fd), `${input} @${fd}`).toBe(expected);
    for (const bad of ["", "abc", "1,5", "1.2.3", ".5", "1e5", " - 1"]) expect(() => roundDecimal(bad, 2), bad).toThrow(AppError);
    expect(() => roundDecimal("1", 9)).toThrow(/decimal places/);
    expect(absDecimal("-3.10")).toBe("3.10");
    expect(isZeroDecimal("0.00")).toBe(true);
    expect(isZeroDecimal("0.01")).toBe(false);
  });

  it("reads Bkper dates to YYYY-MM-DD or null", () => {
    expect(bkperDateToIso("2026-01-31")).toBe("2026-01-31");
    expect(bkperDateToIso("2026-01-31T00:00:00.000Z")).toBe("2026-01-31");
    expect(bkperDateToIso("20260131")).toBe("2026-01-31");
    expect(bkperDateToIso(20260131)).toBe("2026-01-31");
    for (const none of [undefined, null, "", "1900-00-00", "2026-02-30", "31/01/2026", "soon"]) expect(bkperDateToIso(none), String(none)).toBeNull();
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("later", now)).toBeUndefined();
  });

  it("makes BkperError an AppError with the matching code", () => {
    const e = new BkperError("SIGN_IN_REQUIRED", "Sign in again");
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("UNAUTHENTICATED");
    expect(e.retryable).toBe(false);
    expect(new BkperError("RATE_LIMITED", "later", { retryAfterSeconds: 5 })).toMatchObject({ code: "INTERNAL", retryable: true, retryAfterSeconds: 5 });
    expect(new BkperError("PERMISSION_DENIED", "no").code).toBe("FORBIDDEN");
    expect(new BkperError("LOCKED_PERIOD", "locked").code).toBe("CONFLICT");
  });
});

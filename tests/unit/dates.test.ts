import { describe, expect, it } from "vitest";
import { addDays, compareIsoDays, DAY_MS, daysAgo, isIsoDay, isoDay, lastDays, parseIsoDay, sameIsoDay, today } from "@/lib/dates";

describe("lib/dates: UTC calendar days", () => {
  const noon = new Date("2026-03-10T12:00:00Z");

  it("writes the UTC day of an instant, from a Date or epoch milliseconds", () => {
    expect(isoDay(noon)).toBe("2026-03-10");
    expect(isoDay(noon.getTime())).toBe("2026-03-10");
    expect(isoDay(new Date("2026-03-10T23:59:59.999Z"))).toBe("2026-03-10");
    expect(isoDay(new Date("2026-03-10T23:30:00-03:00"))).toBe("2026-03-11");
    expect(today(noon)).toBe("2026-03-10");
  });

  it("adds and subtracts whole days, across month, year and leap-day boundaries", () => {
    expect(addDays(noon, 1).getTime() - noon.getTime()).toBe(DAY_MS);
    expect(isoDay(addDays(new Date("2026-02-28T00:00:00Z"), 1))).toBe("2026-03-01");
    expect(isoDay(addDays(new Date("2028-02-28T00:00:00Z"), 1))).toBe("2028-02-29");
    expect(isoDay(addDays(new Date("2026-01-01T00:00:00Z"), -1))).toBe("2025-12-31");
    expect(daysAgo(30, noon)).toBe("2026-02-08");
    expect(daysAgo(0, noon)).toBe("2026-03-10");
  });

  it("accepts only real calendar days written as YYYY-MM-DD", () => {
    expect(isIsoDay("2026-03-10")).toBe(true);
    expect(isIsoDay("2028-02-29")).toBe(true);
    for (const s of ["2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "1900-00-00", "2026-3-10", "20260310", "2026-03-10T00:00:00Z", ""]) expect(isIsoDay(s)).toBe(false);
    expect(parseIsoDay("2026-03-10")?.toISOString()).toBe("2026-03-10T00:00:00.000Z");
    expect(parseIsoDay("2026-02-30")).toBeNull();
  });

  it("orders ISO days and tells whether two instants share a UTC day", () => {
    expect(compareIsoDays("2026-03-09", "2026-03-10")).toBeLessThan(0);
    expect(compareIsoDays("2026-03-10", "2026-03-10")).toBe(0);
    expect(compareIsoDays("2027-01-01", "2026-12-31")).toBeGreaterThan(0);
    expect(["2026-03-10", "2025-12-31", "2026-01-05"].sort(compareIsoDays)).toEqual(["2025-12-31", "2026-01-05", "2026-03-10"]);
    expect(sameIsoDay(new Date("2026-03-10T00:00:00Z"), new Date("2026-03-10T23:59:59Z"))).toBe(true);
    expect(sameIsoDay(new Date("2026-03-10T23:59:59Z"), new Date("2026-03-11T00:00:00Z"))).toBe(false);
  });

  it("lists the last N days up to today, oldest first", () => {
    expect(lastDays(3, noon)).toEqual(["2026-03-08", "2026-03-09", "2026-03-10"]);
    expect(lastDays(2, new Date("2026-03-01T00:00:00Z"))).toEqual(["2026-02-28", "2026-03-01"]);
    expect(lastDays(90, noon)).toHaveLength(90);
  });
});

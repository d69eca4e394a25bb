/** lib/ids.ts: new row ids are cuid-like (idSchema accepts them), all different across the random pool's refills, and spread over the alphabet. */
import { describe, expect, test } from "vitest";
import { isValidId, newId } from "@/lib/ids";

describe("newId", () => {
  test("20,000 ids: each valid, 25 characters, all different, every character of the alphabet used", () => {
    // 4 KiB of random bytes make 170 ids: this crosses more than a hundred refills.
    const ids = Array.from({ length: 20_000 }, () => newId());
    for (const id of ids) {
      expect(id).toMatch(/^c[a-z0-9]{24}$/);
      expect(isValidId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set(ids.join("").slice(0, 200_000));
    expect(seen.size).toBe(36);
  });
});

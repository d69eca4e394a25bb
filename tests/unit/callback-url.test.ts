import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { hasRole } from "@/lib/auth/roles";
import { isValidId } from "@/lib/ids";

describe("sign-in return address", () => {
  it("follows same-site paths only", () => {
    expect(safeCallbackUrl("/books/abc?x=1")).toBe("/books/abc?x=1");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil", "javascript:alert(1)", "/signin?callbackUrl=/x", "", 3, undefined, "/a\nb"]) {
      expect(safeCallbackUrl(bad)).toBe("/books");
    }
  });
});

describe("roles and ids", () => {
  it("orders roles OWNER > EDITOR > POSTER > RECORDER > VIEWER", () => {
    expect(hasRole("OWNER", "EDITOR")).toBe(true);
    expect(hasRole("EDITOR", "EDITOR")).toBe(true);
    expect(hasRole("POSTER", "EDITOR")).toBe(false);
    expect(hasRole("RECORDER", "POSTER")).toBe(false);
    expect(hasRole("VIEWER", "VIEWER")).toBe(true);
    expect(hasRole("VIEWER", "RECORDER")).toBe(false);
  });

  it("accepts cuid-like ids only", () => {
    expect(isValidId("cmwu8vl1t0003oz7dcayc4zya")).toBe(true);
    for (const bad of ["", "abc", "../../etc/passwd", "a b c d e f g h i j k l m n", "x".repeat(41), null, 5]) expect(isValidId(bad)).toBe(false);
  });
});

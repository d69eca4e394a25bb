import { describe, expect, it } from "vitest";
import { isWellFormedPath, isWellFormedQuery, isWellFormedUrl } from "@/lib/security/url-encoding";

// Issue 15, finding 9: what proxy.ts sends to the not-found page instead of letting Next.js's router throw.
describe("malformed percent-encoding in a URL", () => {
  it("finds it in any path segment: truncated, non-hex and invalid UTF-8 escapes", () => {
    for (const p of ["/books/%E0%A4%A", "/%", "/books/%ZZ", "/books/%C0%AF", "/books/x/automations/connections/%E0/history", "/%ED%A0%80"]) expect(isWellFormedPath(p), p).toBe(false);
  });
  it("lets well-formed paths through, escaped or not", () => {
    for (const p of ["/", "/books", "/books/cm123abc/automations/connections", "/books/caf%C3%A9", "/sandbox/plaid/transactions/sync", "/a%20b", "/%25"]) expect(isWellFormedPath(p), p).toBe(true);
  });
  it("finds it in a query's names and values; '+' and well-formed escapes are fine", () => {
    expect(isWellFormedQuery("")).toBe(true);
    expect(isWellFormedQuery("?page=2&q=caf%C3%A9+x")).toBe(true);
    expect(isWellFormedQuery("?flag&x=")).toBe(true);
    expect(isWellFormedQuery("?q=%ZZ")).toBe(false);
    expect(isWellFormedQuery("?%E0%A4%A=1")).toBe(false);
    expect(isWellFormedQuery("?a=1&b=%")).toBe(false);
  });
  it("checks both parts of a URL", () => {
    expect(isWellFormedUrl(new URL("http://x/books/%ZZ"))).toBe(false);
    expect(isWellFormedUrl(new URL("http://x/books?q=%E0%A4%A"))).toBe(false);
    expect(isWellFormedUrl(new URL("http://x/books/abc?page=2"))).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { isWellFormedPath } from "@/lib/security/url-encoding";

// Issue 15, finding 9: the paths proxy.ts sends to the not-found page instead of letting Next.js's router throw.
describe("malformed percent-encoding in a URL's path", () => {
  it("finds it in any segment: truncated, non-hex and invalid UTF-8 escapes", () => {
    for (const p of ["/books/%E0%A4%A", "/%", "/books/%ZZ", "/books/%C0%AF", "/books/x/automations/connections/%E0/history", "/%ED%A0%80"]) expect(isWellFormedPath(p), p).toBe(false);
  });
  it("lets well-formed paths through, escaped or not", () => {
    for (const p of ["/", "/books", "/books/cm123abc/automations/connections", "/books/caf%C3%A9", "/sandbox/plaid/transactions/sync", "/a%20b", "/%25"]) expect(isWellFormedPath(p), p).toBe(true);
  });
  it("reads the path as a URL keeps it (escapes untouched)", () => {
    expect(isWellFormedPath(new URL("http://x/books/%ZZ?page=2").pathname)).toBe(false);
    expect(isWellFormedPath(new URL("http://x/books/abc?q=%ZZ").pathname)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { readableTextOn } from "./readable-text";

describe("readableTextOn", () => {
  it("puts black on light colours and white on dark ones", () => {
    expect(readableTextOn("#ffffff")).toBe("#000000");
    expect(readableTextOn("#ffd700")).toBe("#000000");
    expect(readableTextOn("#000")).toBe("#ffffff");
    expect(readableTextOn("#003366")).toBe("#ffffff");
  });
  it("falls back to white on anything that is not a hex colour", () => {
    expect(readableTextOn("red")).toBe("#ffffff");
  });
});

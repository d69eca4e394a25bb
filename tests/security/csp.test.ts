import { describe, expect, it } from "vitest";
import { buildCsp, isFrameablePath, newNonce, type CspOptions } from "@/lib/security/csp";
import { staticSecurityHeaders } from "@/lib/security/headers";

const base: CspOptions = { nonce: "abc123==", dev: false, plaid: false, pluggy: false, google: false, appOrigin: "http://127.0.0.1:3000", https: false, frameable: false };
const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `)) ?? "";

describe("buildCsp", () => {
  it("sandbox mode: scripts only by nonce (no unsafe-inline/eval), no provider origins, nothing may frame the page", () => {
    const csp = buildCsp(base);
    expect(directive(csp, "script-src")).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
    expect(directive(csp, "frame-src")).toBe("frame-src 'self' http://127.0.0.1:3000");
    expect(csp).not.toMatch(/plaid\.com|pluggy\.ai|unsafe-eval|upgrade-insecure/);
  });

  it("real providers add exactly their origins", () => {
    const csp = buildCsp({ ...base, plaid: true, pluggy: true, google: true, https: true });
    expect(directive(csp, "script-src")).toContain("https://cdn.plaid.com");
    expect(directive(csp, "frame-src")).toContain("https://cdn.plaid.com");
    expect(directive(csp, "frame-src")).toContain("https://connect.pluggy.ai");
    expect(directive(csp, "frame-src")).toContain("https://*.pluggy.ai");
    expect(directive(csp, "connect-src")).toContain("https://*.plaid.com");
    expect(directive(csp, "form-action")).toBe("form-action 'self' https://accounts.google.com");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(buildCsp({ ...base, plaid: true })).not.toContain("pluggy");
  });

  it("the sandbox Pluggy Connect page may be framed by the portal itself, and only it", () => {
    expect(isFrameablePath("/sandbox/pluggy/connect")).toBe(true);
    expect(isFrameablePath("/books")).toBe(false);
    expect(directive(buildCsp({ ...base, frameable: true }), "frame-ancestors")).toBe("frame-ancestors 'self'");
    expect(staticSecurityHeaders("sameorigin").find((h) => h.key === "X-Frame-Options")?.value).toBe("SAMEORIGIN");
    expect(staticSecurityHeaders().find((h) => h.key === "X-Frame-Options")?.value).toBe("DENY");
  });

  it("next dev gets eval and the HMR socket, never production", () => {
    expect(directive(buildCsp({ ...base, dev: true }), "script-src")).toContain("'unsafe-eval'");
    expect(directive(buildCsp({ ...base, dev: true }), "connect-src")).toContain("ws:");
  });

  it("a nonce is 128 random bits, new every time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

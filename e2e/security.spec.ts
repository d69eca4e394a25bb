import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page, type Response } from "@playwright/test";
import { z } from "zod";
import { openBook, signInAsDemo } from "./support/auth";
import { connectPlaidBank } from "./support/automations";
import { startServer, stopAllServers, waitUntilReady } from "./support/server";

/**
 * Security (issue 7): the nonce CSP and security headers, the whole connect flow under that CSP
 * with no violation, no secret in any response or in the server log, the session cookie's flags,
 * and the rate-limit messages people see. Runs on the suite's server (DATA_DIR and LOG_FILE as in
 * playwright.config.ts), plus one server of its own with tiny limits.
 */
test.describe.configure({ mode: "serial" });

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = path.resolve(`.test-data/e2e-${port}`);
const logFile = path.resolve(`.test-data/e2e-${port}.log`);
// Banks no other spec uses, so the suite's specs never share sandbox items.
const PLAID_BANK = "First Platypus Bank";
const PLUGGY_BANK = "Banco Tucano";

/** Records CSP violations: console "Refused to …" lines and securitypolicyviolation events (frames too). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Refused to|Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  await page.exposeFunction("__reportCspViolation", (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation?: (l: string) => void }).__reportCspViolation;
      void report?.(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${location.pathname}`);
    });
  });
  return violations;
}

/** Keeps the text of every response the page saw (bodies of redirects and binaries skipped). */
function recordBodies(page: Page): { url: string; body: string }[] {
  const seen: { url: string; body: string }[] = [];
  page.on("response", (r: Response) => {
    if (r.status() >= 300 && r.status() < 400) return;
    const type = r.headers()["content-type"] ?? "";
    if (!/text|json|javascript|x-component|xml|html/.test(type)) return;
    // Next's static chunks never change: one copy of each is enough.
    if (r.url().includes("/_next/static/") && seen.some((b) => b.url === r.url())) return;
    r.text().then(
      (body) => seen.push({ url: r.url(), body }),
      () => undefined,
    );
  });
  return seen;
}

/** What the test reads from the sandbox's own store (DATA_DIR/sandbox.json): Plaid access tokens, Pluggy item ids. */
const sandboxStore = z.object({
  sections: z.object({
    plaid: z.object({ items: z.record(z.string(), z.object({ accessToken: z.string().min(1) })) }),
    pluggy: z.object({ items: z.record(z.string(), z.unknown()) }),
  }),
});

/** Every string value in a JSON document, at any depth. */
function jsonStrings(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) jsonStrings(v, out);
  return out;
}

test("pages carry a fresh nonce CSP and the security headers; API routes the static ones", async ({ page, request }) => {
  const first = await page.goto("/signin");
  const h = first!.headers();
  const csp = h["content-security-policy"] ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // Sandbox mode: no provider origins.
  expect(csp).not.toContain("plaid.com");
  expect(csp).not.toContain("pluggy.ai");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["strict-transport-security"]).toBeUndefined(); // plain http here
  // Next's own scripts carry this response's nonce; every script does.
  const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(new Set(scripts)).toEqual(new Set([nonce]));
  // A new nonce on every response.
  const again = await request.get("/signin");
  expect(again.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);
  // x-return-to still reaches the pages: a signed-out visit comes back to where it started.
  await page.goto("/books?from=csp");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fbooks%3Ffrom%3Dcsp/);

  // The sandbox Pluggy Connect page is framed by the portal itself: same origin only.
  const connect = await request.get("/sandbox/pluggy/connect");
  expect(connect.headers()["x-frame-options"]).toBe("SAMEORIGIN");
  expect(connect.headers()["content-security-policy"]).toContain("frame-ancestors 'self'");

  const api = await request.get("/api/auth/session");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["x-frame-options"]).toBe("DENY");
  expect(api.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
});

test("the connect flows run under the CSP with no violation, and no token or key reaches a browser or the log", async ({ page }) => {
  const violations = await watchCsp(page);
  const bodies = recordBodies(page);

  await signInAsDemo(page, "client");
  const bookId = await openBook(page, "Acme Ltd");
  await page.goto(`/books/${bookId}/automations/banks`);

  // Plaid Link (the app's stand-in, loaded by react-plaid-link's shim).
  await connectPlaidBank(page, "first platypus", PLAID_BANK);

  // Pluggy Connect (react-pluggy-connect's zoid iframe on the sandbox Connect page).
  await page.goto(`/books/${bookId}/automations/banks`);
  await page.getByRole("button", { name: "Brazil" }).click();
  await page.getByLabel("Search banks").fill("Tucano");
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: new RegExp(`^${PLUGGY_BANK}`) }).click();
  const frame = page.frameLocator('iframe[name^="__zoid__pluggy_connect_widget__"]');
  const chooser = frame.getByRole("heading", { name: "Choose your bank" });
  const signIn = frame.getByRole("heading", { name: "Sign in to your bank" });
  // The zoid iframe can take a while on a loaded machine.
  await expect(chooser.or(signIn)).toBeVisible({ timeout: 30_000 });
  if (await chooser.isVisible()) await frame.getByRole("button", { name: new RegExp(`^${PLUGGY_BANK}`) }).first().click();
  await expect(signIn).toBeVisible();
  await frame.getByLabel("Username").fill("user-ok");
  await frame.getByLabel("Password").fill("password-ok");
  await frame.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/automations\/connections\?connected=/, { timeout: 30_000 });
  await expect(page.getByRole("article", { name: new RegExp(`^${PLUGGY_BANK}`) })).toContainText("Connected");
  // Let the first syncs run (they log), and the last bodies arrive.
  await page.reload();
  await page.waitForTimeout(2_000);

  expect(violations).toEqual([]);

  // What must never leave the server: the sandbox's Plaid access tokens (its own store), the keys
  // and secrets of this installation (DATA_DIR/secrets.json), the local sandbox's API secret.
  const sandbox = sandboxStore.parse(JSON.parse(fs.readFileSync(path.join(dataDir, "sandbox.json"), "utf8")));
  const accessTokens = Object.values(sandbox.sections.plaid.items).map((i) => i.accessToken);
  expect(accessTokens.length).toBeGreaterThanOrEqual(1);
  const secretValues = [...jsonStrings(JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")))].filter((v) => v.length >= 16);
  expect(secretValues.length).toBeGreaterThanOrEqual(3); // authSecret, a token key, the Pluggy webhook secret
  const forbidden = [...accessTokens, ...secretValues, "sandbox-secret"];
  // The Pluggy item id is the connection's credential: only Pluggy (here its sandbox stand-in at
  // /sandbox/…) and the Connect widget may show it; the portal's own pages and actions never.
  const pluggyItemIds = Object.keys(sandbox.sections.pluggy.items);
  expect(pluggyItemIds.length).toBeGreaterThanOrEqual(1);

  expect(bodies.length).toBeGreaterThan(10);
  for (const { url, body } of bodies) {
    for (const secret of forbidden) expect(body.includes(secret), `${url} contains a secret (${secret.slice(0, 6)}…)`).toBe(false);
    expect(body, url).not.toMatch(/access-sandbox-/);
    expect(body, url).not.toMatch(/ev1\.[A-Za-z0-9_-]+\./); // an encrypted token
    if (!new URL(url).pathname.startsWith("/sandbox/")) {
      for (const id of pluggyItemIds) expect(body.includes(id), `${url} shows a Pluggy item id`).toBe(false);
    }
  }

  const log = fs.readFileSync(logFile, "utf8");
  expect(log.length).toBeGreaterThan(0);
  for (const secret of [...forbidden, ...pluggyItemIds]) expect(log.includes(secret), `the log contains a secret (${secret.slice(0, 6)}…)`).toBe(false);
  expect(log).not.toMatch(/access-sandbox-/);
});

test("the session cookie is httpOnly and SameSite=Lax, lasts a week, never travels in a URL, and sign-out clears it", async ({ page, context }) => {
  const setCookies: string[] = [];
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  page.on("response", async (r) => {
    for (const h of await r.headersArray()) if (h.name.toLowerCase() === "set-cookie") setCookies.push(...h.value.split("\n"));
  });
  await signInAsDemo(page, "client");

  const sessionSetCookie = setCookies.find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));
  expect(sessionSetCookie, setCookies.join("\n")).toBeTruthy();
  expect(sessionSetCookie).toMatch(/;\s*HttpOnly/i);
  expect(sessionSetCookie).toMatch(/;\s*SameSite=Lax/i);
  expect(sessionSetCookie).toMatch(/;\s*Path=\//i);
  expect(sessionSetCookie).not.toMatch(/;\s*Secure/i); // http://127.0.0.1: Secure comes with https
  const expires = /;\s*Expires=([^;]+)/i.exec(sessionSetCookie!)?.[1];
  const days = (Date.parse(expires!) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.9);
  expect(days).toBeLessThan(7.1);

  const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
  for (const u of urls) expect(u).not.toContain(cookie!.value.slice(0, 24));

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect((await context.cookies()).find((c) => c.name === "authjs.session-token")).toBeUndefined();
});

test.describe("rate limits", () => {
  // A server of its own, on the suite's build, with tiny limits.
  test.describe.configure({ timeout: 180_000 });
  test.afterAll(stopAllServers);

  test("sign-in and link-session limits show a clear message with the wait", async ({ browser }) => {
    const ownDir = path.resolve(`.test-data/e2e-security-limits-${port}`);
    fs.rmSync(ownDir, { recursive: true, force: true });
    const server = await startServer({ port: port + 50, dataDir: ownDir, env: { RATE_LIMIT_SIGNIN_PER_MINUTE: "2", RATE_LIMIT_LINK_SESSIONS_PER_10_MINUTES: "1" } });
    expect(await waitUntilReady(server)).toBe("ready");
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();

    const tryEmail = async () => {
      await page.goto("/signin");
      await page.getByLabel("Email").fill("client@example.com");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
    };
    for (let i = 0; i < 2; i++) {
      await tryEmail();
      await expect(page.getByTestId("signed-in-as")).toContainText("client@example.com");
      await context.clearCookies();
    }
    await tryEmail();
    await expect(page.locator("#email-error")).toHaveText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
    await expect(page).toHaveURL(/\/signin/);
    // Another address is not held back by this one's limit.
    await page.getByLabel("Email").fill("bookkeeper@example.com");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("signed-in-as")).toContainText("bookkeeper@example.com");

    // Link sessions: the first opens Plaid Link, the second is refused with the wait.
    const bookId = await openBook(page, "Bookkeeping Practice");
    // The bank list refreshes (and clears any message) after each search: click once it shows the
    // search's two banks (First Platypus Bank and First Platypus Balance Bank).
    const banks = page.getByRole("list", { name: "Banks" }).getByRole("button");
    const bank = banks.filter({ hasText: PLAID_BANK });
    await page.goto(`/books/${bookId}/automations/banks`);
    await page.getByLabel("Search banks").fill("first platypus");
    await expect(banks).toHaveCount(2);
    await bank.click();
    await expect(page.getByRole("dialog", { name: "Enter your credentials" })).toBeVisible();
    await page.goto(`/books/${bookId}/automations/banks`);
    await page.getByLabel("Search banks").fill("first platypus");
    await expect(banks).toHaveCount(2);
    await bank.click();
    await expect(page.getByRole("alert").filter({ hasText: "Too many attempts" })).toHaveText(/^Too many attempts\. Try again in \d+ seconds?\.$/);
    await context.close();
  });
});

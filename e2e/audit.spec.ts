import { expect, test, type Browser, type Page } from "@playwright/test";
import { openBook, signInAsDemo } from "./support/auth";
import { automations, connectPlaidBank } from "./support/automations";

/**
 * The audit trail and the connection banner, clicked by their visible labels: the client connects
 * a bank, the bookkeeper links, reconfigures and removes an integration, the bank asks for a new
 * login (banner for both), the client disconnects; then Settings → Audit trail lists each action with
 * who and when, filters work, and the viewer neither sees the link nor gets in.
 */
test.describe.configure({ mode: "serial" });

// A bank no other spec connects.
const BANK = "Tartan Bank";
let bookId = "";

/** A person in their own browser context (signed in as them alone). */
async function as(browser: Browser, who: "client" | "bookkeeper" | "viewer"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAsDemo(page, who);
  return page;
}

async function plaidItemOf(page: Page, institution: string): Promise<string> {
  const res = await page.request.get("/sandbox/control");
  expect(res.ok()).toBe(true);
  const state = (await res.json()) as { data: { plaid: { items: { itemId: string; institutionName: string; exchanged: boolean }[] } } };
  const item = state.data.plaid.items.find((i) => i.institutionName === institution && i.exchanged);
  expect(item).toBeTruthy();
  return item!.itemId;
}

test("the client connects a bank", async ({ page }) => {
  await signInAsDemo(page, "client");
  bookId = await automations(page, "Banks");
  await connectPlaidBank(page, "tartan", BANK);
});

test("the bookkeeper links an account, saves a new period and removes it", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  await automations(page, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  await card.getByRole("row").filter({ hasText: "Bank account" }).first().getByRole("button", { name: "Link Account" }).click();
  const link = page.getByRole("dialog", { name: /^Link / });
  await link.getByLabel("Period of historical data").selectOption({ label: "Last 90 days" });
  await link.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/automations\/integrations/);

  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
  await integration.getByLabel("Period of historical data").selectOption({ label: "Last 12 months" });
  await integration.getByRole("button", { name: "Save Configuration" }).click();
  await expect(integration.getByRole("status")).toContainText("Saved");

  await integration.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog", { name: /^Remove / }).getByRole("button", { name: "Yes" }).click();
  await expect(integration).toHaveCount(0);
});

test("login required at the bank: the owner and the bookkeeper see a banner leading to User Connections; the viewer does not", async ({ page, browser }) => {
  await signInAsDemo(page, "client");
  await page.request.post("/sandbox/control", { data: { action: "plaid.loginRequired", itemId: await plaidItemOf(page, BANK) } }).then((r) => expect(r.ok()).toBe(true));
  const banner = page.getByTestId("problem-banner").filter({ hasText: `${BANK} needs Reconnect` });
  await expect(async () => {
    await page.goto("/books");
    await expect(banner).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await banner.getByRole("link", { name: "Open User Connections" }).click();
  await expect(page.getByRole("heading", { name: "User Connections", level: 3 })).toBeVisible();
  await expect(page.getByRole("article", { name: BANK }).getByRole("button", { name: "Reconnect" })).toBeVisible();

  const bookkeeper = await as(browser, "bookkeeper");
  await expect(bookkeeper.getByTestId("problem-banner").filter({ hasText: `${BANK} needs Reconnect` })).toBeVisible();
  const viewer = await as(browser, "viewer");
  await expect(viewer.getByTestId("problem-banner").filter({ hasText: BANK })).toHaveCount(0);
  await bookkeeper.context().close();
  await viewer.context().close();
});

test("the client disconnects (Disconnect → Yes); the banner goes away", async ({ page }) => {
  await signInAsDemo(page, "client");
  await automations(page, "User Connections");
  await page.getByRole("article", { name: BANK }).getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("dialog", { name: /^Disconnect/ }).getByRole("button", { name: "Yes" }).click();
  await expect(page.getByRole("article", { name: BANK })).toHaveCount(0);
  await page.goto("/books");
  await expect(page.getByTestId("problem-banner").filter({ hasText: BANK })).toHaveCount(0);
});

test("Settings → Audit trail lists each action with who and when; filters by action and by connection", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  await openBook(page, "Acme Ltd");
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("menuitem", { name: "Audit trail" }).click();
  await expect(page.getByRole("heading", { name: "Audit trail" })).toBeVisible();
  const table = page.getByRole("table", { name: "Audit trail" });
  const row = (action: string, who: string) => table.getByRole("row").filter({ hasText: BANK }).filter({ hasText: who }).filter({ has: page.getByRole("cell", { name: action, exact: true }) });
  for (const [action, who] of [
    ["Connect", "Clara Client"],
    ["Share", "Clara Client"],
    ["Link Account", "Bruno Bookkeeper"],
    ["Save Configuration", "Bruno Bookkeeper"],
    ["Remove", "Bruno Bookkeeper"],
    ["Disconnect", "Clara Client"],
  ] as const) {
    await expect(row(action, who), `${action} by ${who}`).toHaveCount(1);
    await expect(row(action, who).locator("time")).toHaveText(/ UTC$/);
    await expect(row(action, who).locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  }
  // Newest first: the Disconnect came after the Connect.
  const actions = await table.getByRole("row").filter({ hasText: BANK }).evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
  expect(actions.indexOf("connection.disconnect")).toBeLessThan(actions.indexOf("connection.connect"));

  await page.getByLabel("Action").selectOption({ label: "Link Account" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=integration\.link/);
  await expect(table.getByTestId("audit-row")).not.toHaveCount(0);
  expect(new Set(await table.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action"))))).toEqual(new Set(["integration.link"]));

  await page.getByRole("link", { name: "Clear filters" }).click();
  await page.getByLabel("Connection").selectOption({ label: BANK });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/connection=/);
  const rows = table.getByTestId("audit-row");
  await expect(rows).not.toHaveCount(0);
  expect((await rows.allTextContents()).every((t) => t.includes(BANK))).toBe(true);

  await page.goto(`/books/${bookId}/settings/audit?action=bogus`);
  await expect(page.getByRole("status")).toContainText("The action filter was not recognised and is ignored.");
  await expect(table.getByTestId("audit-row")).not.toHaveCount(0);
});

test("the viewer has no Audit trail in the Settings menu and gets 403 at its address", async ({ page }) => {
  await signInAsDemo(page, "viewer");
  await openBook(page, "Acme Ltd");
  await page.getByRole("button", { name: "Settings" }).click();
  await expect(page.getByRole("menuitem", { name: "Automations" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Audit trail" })).toHaveCount(0);
  const res = await page.goto(`/books/${bookId}/settings/audit`);
  expect(res?.status()).toBe(403);
  await expect(page.getByText("403")).toBeVisible();
  await expect(page.getByRole("table", { name: "Audit trail" })).toHaveCount(0);
});

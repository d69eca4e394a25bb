import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInAsDemo } from "./support/auth";
import { automations, bookRows, connectPlaidBank } from "./support/automations";

/**
 * The sync engine as people see it: the client connects a bank, the bookkeeper links an account,
 * the sandbox clock moves on, **Sync now** → the new transactions arrive as drafts and the
 * integration's chart counts them. Clicked by visible labels.
 */
test.describe.configure({ mode: "serial" });

// A bank no other spec uses, so parallel specs never share its connection.
const BANK = "Tattersall Federal Credit Union";

/** The number in the chart's accessible name: "412 transactions posted in the last 90 days". */
async function chartCount(integration: Locator): Promise<number> {
  const chart = integration.getByRole("img", { name: /posted in the last 90 days/ });
  const label = (await chart.getAttribute("aria-label")) ?? "";
  const m = /^(\d+) transactions? posted/.exec(label);
  return m ? Number(m[1]) : 0;
}

const integrationOf = (page: Page) => page.getByRole("article", { name: new RegExp(`^${BANK}`) });

let accountName = "";

test("the client connects a bank: it syncs and says when it last synced", async ({ page }) => {
  await signInAsDemo(page, "client");
  await automations(page, "Banks");
  await connectPlaidBank(page, "tattersall", BANK);
  const card = page.getByRole("article", { name: BANK });
  await expect(card.getByRole("button", { name: "Sync now" })).toBeVisible();
  // The first sync runs right after connecting; the page refreshes itself until it is done.
  await expect(card).toContainText(/Last synced (just now|\d+ minutes? ago)/, { timeout: 30_000 });
});

test("the bookkeeper links the checking account; the chart counts what was posted", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  await expect(card).toContainText("Shared by Clara Client");
  const checking = card.getByRole("row").filter({ hasText: "Bank account" }).filter({ hasText: /Checking/ }).first();
  await checking.getByRole("button", { name: "Link Account" }).click();
  const dialog = page.getByRole("dialog", { name: /^Link / });
  accountName = await dialog.getByLabel("New Account name").inputValue();
  await dialog.getByLabel("Period of historical data").selectOption({ label: "Last 30 days" });
  await dialog.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(/\/automations\/integrations/);
  const integration = integrationOf(page);
  await expect(integration.getByTestId("integration-status")).toHaveText("Active", { timeout: 30_000 });
  const posted = Number(await integration.getByTestId("integration-posted").textContent());
  expect(posted).toBeGreaterThan(0);
  expect(await chartCount(integration)).toBe(posted);
  expect(await bookRows(page, bookId, accountName)).toHaveLength(posted);
});

test("the viewer sees the sync state but no Sync now", async ({ page }) => {
  await signInAsDemo(page, "viewer");
  await automations(page, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  await expect(card).toContainText(/Last synced/);
  await expect(card.getByRole("button", { name: "Sync now" })).toHaveCount(0);
  await page.goto(page.url().replace(/connections$/, "integrations"));
  await expect(integrationOf(page).getByRole("img", { name: /posted in the last 90 days/ })).toBeVisible();
});

test("days later at the bank, Sync now → new drafts in the Book and a higher count on the chart", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "Book Integrations");
  const before = await chartCount(integrationOf(page));
  const rowsBefore = await bookRows(page, bookId, accountName);
  expect(rowsBefore).toHaveLength(before);

  const res = await page.request.post("/sandbox/control", { data: { action: "clock.advance", days: 5 } });
  expect(res.ok(), await res.text()).toBe(true);

  await page.goto(`/books/${bookId}/automations/connections`);
  const card = page.getByRole("article", { name: BANK });
  await card.getByRole("button", { name: "Sync now" }).click();
  await expect(card.getByRole("status")).toHaveText("Sync queued");

  // New drafts on the Book page, each bank transaction once.
  await expect(async () => {
    const rows = await bookRows(page, bookId, accountName);
    expect(rows.length).toBeGreaterThan(rowsBefore.length);
    expect(new Set(rows.map((r) => r.remoteIds)).size).toBe(rows.length);
    expect(rows.every((r) => r.status === "Draft")).toBe(true);
  }).toPass({ timeout: 30_000 });

  await page.goto(`/books/${bookId}/automations/integrations`);
  const integration = integrationOf(page);
  await expect(integration.getByTestId("integration-status")).toHaveText("Active", { timeout: 30_000 });
  const after = await chartCount(integration);
  expect(after).toBeGreaterThan(before);
  expect(after).toBe(Number(await integration.getByTestId("integration-posted").textContent()));
  expect(await bookRows(page, bookId, accountName)).toHaveLength(after);
});

test("days later, the bank's signed notification alone brings the new transactions within seconds (no Sync now)", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "Book Integrations");
  const rowsBefore = await bookRows(page, bookId, accountName);

  // Moving the sandbox clock makes the sandbox Plaid send SYNC_UPDATES_AVAILABLE, signed (ES256),
  // to /api/webhooks/plaid; the schedule is an hour away, so only the webhook can sync now.
  const res = await page.request.post("/sandbox/control", { data: { action: "clock.advance", days: 4 } });
  expect(res.ok(), await res.text()).toBe(true);

  await expect(async () => {
    const rows = await bookRows(page, bookId, accountName);
    expect(rows.length).toBeGreaterThan(rowsBefore.length);
    expect(new Set(rows.map((r) => r.remoteIds)).size).toBe(rows.length);
  }).toPass({ timeout: 20_000 });
});

import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo } from "./support/auth";
import { automations, bookRows, connectPlaidBank } from "./support/automations";

/**
 * Book Integrations: the demo bookkeeper links the client's shared bank account to a new Account of
 * Acme Ltd, changes the period, removes it — by the visible labels.
 */
test.describe.configure({ mode: "serial" });

// A bank no other spec uses, so parallel specs never share its connection.
const BANK = "Cascade Summit Credit Union";

async function settled(page: Page, article: ReturnType<Page["getByRole"]>): Promise<number> {
  await expect(article.getByTestId("integration-status")).toHaveText("Active", { timeout: 30_000 });
  return Number(await article.getByTestId("integration-posted").textContent());
}

let accountName = "";
let firstStart = "";

test("the client connects a bank and shares it with Acme Ltd", async ({ page }) => {
  await signInAsDemo(page, "client");
  await automations(page, "Banks");
  await connectPlaidBank(page, "cascade", BANK);
});

test("Link Account → new ASSET Account, Last 90 days → Save: Book Integrations lists it and the drafts arrive, each once, inside the period", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  await expect(card).toContainText("Shared by Clara Client");
  const checking = card.getByRole("row").filter({ hasText: "Bank account" }).filter({ hasText: /Checking/ }).first();
  await checking.getByRole("button", { name: "Link Account" }).click();
  const dialog = page.getByRole("dialog", { name: /^Link / });
  await expect(dialog.getByLabel("Book Account")).toHaveValue("new");
  accountName = await dialog.getByLabel("New Account name").inputValue();
  expect(accountName).toContain(BANK);
  await dialog.getByLabel("Period of historical data").selectOption({ label: "Last 90 days" });
  await expect(dialog.getByLabel(/Post an opening balance/)).not.toBeChecked();
  await dialog.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(/\/automations\/integrations/);
  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
  await expect(integration).toContainText(accountName);
  const posted = await settled(page, integration);
  firstStart = (await integration.getByTestId("integration-period").textContent())!;
  expect(posted).toBeGreaterThan(5);

  const rows = await bookRows(page, bookId, accountName);
  expect(rows).toHaveLength(posted);
  expect(new Set(rows.map((r) => r.remoteIds)).size).toBe(rows.length);
  expect(rows.every((r) => r.status === "Draft")).toBe(true);
  expect(rows.every((r) => r.date >= firstStart)).toBe(true);
});

test("Save Configuration with Last 12 months adds exactly the older transactions; saving again adds nothing", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "Book Integrations");
  const before = await bookRows(page, bookId, accountName);
  await page.goto(`/books/${bookId}/automations/integrations`);
  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
  await integration.getByLabel("Period of historical data").selectOption({ label: "Last 12 months" });
  await integration.getByRole("button", { name: "Save Configuration" }).click();
  await expect(integration.getByRole("status")).toContainText("Saved");
  const newStart = /posting from (\d{4}-\d{2}-\d{2})/.exec((await integration.getByRole("status").textContent())!)![1]!;
  await expect(integration.getByTestId("integration-period")).toHaveText(newStart);
  const posted = await settled(page, integration);
  expect(posted).toBeGreaterThan(before.length);

  const after = await bookRows(page, bookId, accountName);
  expect(after).toHaveLength(posted);
  expect(new Set(after.map((r) => r.remoteIds)).size).toBe(after.length);
  const added = after.filter((r) => !before.some((b) => b.remoteIds === r.remoteIds));
  expect(added).toHaveLength(after.length - before.length);
  expect(added.every((r) => r.date < firstStart)).toBe(true);

  await page.goto(`/books/${bookId}/automations/integrations`);
  await integration.getByLabel("Period of historical data").selectOption({ label: "Last 12 months" });
  await integration.getByRole("button", { name: "Save Configuration" }).click();
  await expect(integration.getByRole("status")).toContainText("Saved");
  await settled(page, integration);
  expect(await bookRows(page, bookId, accountName)).toHaveLength(after.length);
});

test("the viewer sees Book Integrations without buttons", async ({ page }) => {
  await signInAsDemo(page, "viewer");
  await automations(page, "Book Integrations");
  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
  await expect(integration).toContainText(accountName);
  await expect(integration.getByRole("button")).toHaveCount(0);
  await page.goto(page.url().replace(/integrations$/, "connections"));
  await expect(page.getByRole("article", { name: BANK }).getByRole("button", { name: "Link Account" })).toHaveCount(0);
});

test("Remove → Yes keeps the posted transactions, and no new ones arrive after the sandbox clock moves on", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "Book Integrations");
  const posted = await bookRows(page, bookId, accountName);
  await page.goto(`/books/${bookId}/automations/integrations`);
  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
  await integration.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog", { name: /^Remove / }).getByRole("button", { name: "Yes" }).click();
  await expect(integration).toHaveCount(0);
  const res = await page.request.post("/sandbox/control", { data: { action: "clock.advance", days: 7 } });
  expect(res.ok()).toBe(true);
  expect(await bookRows(page, bookId, accountName)).toHaveLength(posted.length);
  await page.goto(`/books/${bookId}/automations/connections`);
  await expect(page.getByRole("article", { name: BANK })).toContainText("Connected");
});

import { expect, test, type Locator, type Page } from "@playwright/test";
import { openBook, signInAsDemo } from "./support/auth";
import { automations, connectPlaidBank } from "./support/automations";

/**
 * The Local Book workbench (issue 14) by the visible labels: the demo bookkeeper completes a draft
 * by choosing the other Account, posts it, checks it, trashes another and restores it; POSTER,
 * RECORDER and VIEWER see only what their role allows; the Book page pages through 1,000+
 * transactions (a 24-month backfill of every account of one login).
 * Here the other Account is chosen by hand; e2e/suggestions.spec.ts completes one by accepting a suggestion.
 */
test.describe.configure({ mode: "serial" });

// A bank no other spec uses, so parallel specs never share its connection.
const BANK = "Wells Fargo";
let accountName = "";

const rowsOf = (page: Page) => page.getByRole("table", { name: "Transactions" }).getByTestId("transaction-row");
const status = (row: Locator) => row.locator("td").nth(5);

/** Clicks a status tab and waits until the page shows it. */
async function tab(page: Page, name: string): Promise<void> {
  const link = page.getByRole("navigation", { name: "Status" }).getByRole("link", { name, exact: true });
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page");
}

async function waitActive(page: Page, bookId: string): Promise<void> {
  await page.goto(`/books/${bookId}/automations/integrations`);
  for (const status of await page.getByRole("article", { name: new RegExp(`^${BANK}`) }).getByTestId("integration-status").all()) {
    await expect(status).toHaveText("Active", { timeout: 120_000 });
  }
}

async function linkAccount(page: Page, row: Locator, period: string): Promise<string> {
  await row.getByRole("button", { name: "Link Account" }).click();
  const dialog = page.getByRole("dialog", { name: /^Link / });
  const name = await dialog.getByLabel("New Account name").inputValue();
  await dialog.getByLabel("Period of historical data").selectOption({ label: period });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/automations\/integrations/);
  return name;
}

test("the client connects a bank and shares it with Acme Ltd", async ({ page }) => {
  await signInAsDemo(page, "client");
  await automations(page, "Banks");
  await connectPlaidBank(page, "wells", BANK);
});

test("the bookkeeper completes a draft with the other Account, posts and checks it, trashes another and restores it", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  accountName = await linkAccount(page, card.getByRole("row").filter({ hasText: "Bank account" }).filter({ hasText: /Checking/ }).first(), "Last 90 days");
  await waitActive(page, bookId);

  await page.goto(`/books/${bookId}`);
  await page.getByRole("link", { name: new RegExp(`^${accountName}`) }).click();
  // The Account's page first: its status tabs keep the Account filter (the Book page's would not).
  await expect(page.getByRole("heading", { name: `Transactions — ${accountName}` })).toBeVisible();
  await tab(page, "Drafts");
  const first = rowsOf(page).first();
  const remoteIds = (await first.getAttribute("data-remote-ids"))!;
  await expect(first).toContainText("(empty)");

  // Complete: the other Account, a clearer description; Save.
  await first.getByRole("button", { name: "Complete" }).click();
  const dialog = page.getByRole("dialog", { name: "Complete the draft" });
  await expect(dialog.getByText(/the bank's Account\): /)).toContainText(accountName);
  await dialog.getByLabel(/the other Account$/).selectOption({ label: "Office Supplies" });
  await dialog.getByLabel("Description").fill("Workbench e2e: toner");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog).toBeHidden();
  const done = page.locator(`tr[data-remote-ids="${remoteIds}"]`);
  await expect(done).toContainText("Office Supplies");
  await expect(done).toContainText("Workbench e2e: toner");
  await expect(status(done)).toHaveText("Draft");

  await done.getByRole("button", { name: "Post" }).click();
  await expect(done.getByRole("status")).toHaveText("Posted.");
  await tab(page, "Posted");
  const posted = page.locator(`tr[data-remote-ids="${remoteIds}"]`);
  await expect(status(posted)).toHaveText("Posted");
  await posted.getByRole("button", { name: "Check" }).click();
  await expect(posted.getByRole("status")).toHaveText("Checked.");
  await tab(page, "Checked");
  const checked = page.locator(`tr[data-remote-ids="${remoteIds}"]`);
  await expect(status(checked)).toHaveText("Checked");
  await expect(checked.getByRole("button", { name: "Uncheck" })).toBeVisible();
  await expect(checked.getByRole("button", { name: "Trash" })).toHaveCount(0);

  // Trash another draft, find it in Trashed, Restore it.
  await tab(page, "Drafts");
  const other = rowsOf(page).first();
  const otherIds = (await other.getAttribute("data-remote-ids"))!;
  expect(otherIds).not.toBe(remoteIds);
  await other.getByRole("button", { name: "Trash" }).click();
  await expect(page.locator(`tr[data-remote-ids="${otherIds}"]`)).toHaveCount(0);
  await tab(page, "Trashed");
  const trashed = page.locator(`tr[data-remote-ids="${otherIds}"]`);
  await expect(status(trashed)).toHaveText("Trashed");
  await trashed.getByRole("button", { name: "Restore" }).click();
  await expect(trashed).toHaveCount(0);
  await tab(page, "Drafts");
  await expect(status(page.locator(`tr[data-remote-ids="${otherIds}"]`))).toHaveText("Draft");

  // Each change is in the audit trail.
  await page.goto(`/books/${bookId}/settings/audit`);
  for (const what of ["Edited the transaction Workbench e2e: toner", "Posted 1 transaction", "Checked 1 transaction", "Moved 1 transaction to the trash", "Restored 1 transaction from the trash"]) {
    await expect(page.getByText(what).first()).toBeVisible();
  }
});

test("a POSTER completes and posts only; a RECORDER and a VIEWER change nothing", async ({ page }) => {
  await signInAsDemo(page, "poster");
  const bookId = await openBook(page, "Acme Ltd");
  await page.goto(`/books/${bookId}?status=draft`);
  const draft = rowsOf(page).first();
  const ids = (await draft.getAttribute("data-remote-ids"))!;
  await expect(draft.getByRole("button", { name: "Trash" })).toHaveCount(0);
  await expect(draft.getByRole("button", { name: "Check" })).toHaveCount(0);
  // Complete and post in one go: Save and post.
  await draft.getByRole("button", { name: "Complete" }).click();
  const dialog = page.getByRole("dialog", { name: "Complete the draft" });
  await dialog.getByLabel(/the other Account$/).selectOption({ label: "Software" });
  await dialog.getByRole("button", { name: "Save and post" }).click();
  await expect(dialog).toBeHidden();
  await page.goto(`/books/${bookId}?status=posted`);
  const posted = page.locator(`tr[data-remote-ids="${ids}"]`);
  await expect(status(posted)).toHaveText("Posted");
  await expect(posted).toContainText("Software");
  for (const name of ["Check", "Edit", "Trash"]) await expect(posted.getByRole("button", { name, exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();

  for (const who of ["recorder", "viewer"] as const) {
    await signInAsDemo(page, who);
    await openBook(page, "Acme Ltd");
    await expect(rowsOf(page).first()).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Actions" })).toHaveCount(0);
    for (const name of ["Complete", "Post", "Check", "Trash", "Restore"]) await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
  }
});

test("the Book page pages through 1,000+ transactions, 50 a page, each once, forwards and back", async ({ page }) => {
  test.setTimeout(300_000);
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "User Connections");
  const card = () => page.getByRole("article", { name: BANK });
  // Every other account of the login, with two years of history.
  while ((await card().getByRole("button", { name: "Link Account" }).count()) > 0) {
    await linkAccount(page, card().getByRole("row").filter({ has: page.getByRole("button", { name: "Link Account" }) }).first(), "Last 24 months");
    await page.goto(`/books/${bookId}/automations/connections`);
  }
  // …and the checking account's period widened to two years too (Save Configuration).
  await page.goto(`/books/${bookId}/automations/integrations`);
  const checking = page.getByRole("article", { name: new RegExp(`^${BANK}`) }).filter({ hasText: accountName });
  await checking.getByLabel("Period of historical data").selectOption({ label: "Last 24 months" });
  await checking.getByRole("button", { name: "Save Configuration" }).click();
  await expect(checking.getByRole("status")).toContainText("Saved");
  await waitActive(page, bookId);

  await page.goto(`/books/${bookId}`);
  const seen = new Set<string>();
  let pages = 0;
  let secondToLast = "";
  for (;;) {
    const ids = await rowsOf(page).evaluateAll((trs) => trs.map((r) => `${r.getAttribute("data-remote-ids")}|${r.getAttribute("data-date")}|${r.textContent}`));
    expect(ids.length).toBeLessThanOrEqual(50);
    for (const id of ids) seen.add(id);
    pages++;
    const next = page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next" });
    if ((await next.count()) === 0) break;
    secondToLast = ids[0]!;
    const url = page.url();
    await next.click();
    await expect(page).not.toHaveURL(url);
  }
  expect(seen.size).toBeGreaterThanOrEqual(1000);
  expect(pages).toBeGreaterThanOrEqual(20);
  const last = page.url();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Previous" }).click();
  await expect(page).not.toHaveURL(last);
  const back = await rowsOf(page).first().evaluate((r) => `${r.getAttribute("data-remote-ids")}|${r.getAttribute("data-date")}|${r.textContent}`);
  expect(back).toBe(secondToLast);
  await expect(rowsOf(page)).toHaveCount(50);
});

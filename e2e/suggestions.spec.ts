import { expect, test, type Locator, type Page } from "@playwright/test";
import { signInAsDemo } from "./support/auth";
import { automations, connectPlaidBank } from "./support/automations";

/**
 * Counter-account suggestions and rules (issue 14) by the visible labels: the demo bookkeeper completes
 * and posts a few drafts of one merchant, the next drafts of that merchant offer the same Account, and
 * the bookkeeper completes one by accepting the suggestion, posts it, checks it, and trashes another
 * draft; the Complete dialog preselects the suggestion. Book settings add and delete a rule.
 */
test.describe.configure({ mode: "serial" });

// A bank no other spec uses, so parallel specs never share its connection.
const BANK = "Bank of America";
const OTHER = "Office Supplies";

const rowsOf = (page: Page) => page.getByRole("table", { name: "Transactions" }).getByTestId("transaction-row");
const status = (row: Locator) => row.locator("td").nth(5);
const description = (row: Locator) => row.locator("td").nth(4);

async function tab(page: Page, name: string): Promise<void> {
  const link = page.getByRole("navigation", { name: "Status" }).getByRole("link", { name, exact: true });
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page");
}

test("the client connects a bank and shares it with Acme Ltd", async ({ page }) => {
  await signInAsDemo(page, "client");
  await automations(page, "Banks");
  await connectPlaidBank(page, "america", BANK);
});

test("the bookkeeper completes a draft by accepting a suggestion, posts and checks it, trashes another", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  await card.getByRole("row").filter({ hasText: "Bank account" }).filter({ hasText: /Checking/ }).first().getByRole("button", { name: "Link Account" }).click();
  const link = page.getByRole("dialog", { name: /^Link / });
  const accountName = await link.getByLabel("New Account name").inputValue();
  await link.getByLabel("Period of historical data").selectOption({ label: "Last 12 months" });
  await link.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/automations\/integrations/);
  for (const s of await page.getByRole("article", { name: new RegExp(`^${BANK}`) }).getByTestId("integration-status").all()) await expect(s).toHaveText("Active", { timeout: 120_000 });

  // The Account's drafts; the merchant with the most drafts on the page.
  await page.goto(`/books/${bookId}`);
  await page.getByRole("link", { name: new RegExp(`^${accountName}`) }).click();
  await expect(page.getByRole("heading", { name: `Transactions — ${accountName}` })).toBeVisible();
  await tab(page, "Drafts");
  const texts = await rowsOf(page).evaluateAll((trs) => trs.map((r) => r.querySelectorAll("td")[4]?.textContent ?? ""));
  const freq = new Map<string, number>();
  for (const t of texts) freq.set(t, (freq.get(t) ?? 0) + 1);
  const [merchant, count] = [...freq].sort((a, b) => b[1] - a[1])[0]!;
  expect(count).toBeGreaterThanOrEqual(5);
  const ofMerchant = () => rowsOf(page).filter({ has: page.locator("td:nth-child(5)", { hasText: new RegExp(`^${merchant.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }) });
  // Nothing learned yet: no suggestion on them.
  await expect(ofMerchant().first()).toBeVisible();
  await expect(ofMerchant().getByRole("button", { name: "Accept suggestion" })).toHaveCount(0);

  // Complete and post three of them with the other Account by hand.
  for (let i = 0; i < 3; i++) {
    const row = ofMerchant().first();
    const ids = (await row.getAttribute("data-remote-ids"))!;
    await row.getByRole("button", { name: "Complete" }).click();
    const dialog = page.getByRole("dialog", { name: "Complete the draft" });
    await dialog.getByLabel(/the other Account$/).selectOption({ label: OTHER });
    await dialog.getByRole("button", { name: "Save and post" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator(`tr[data-remote-ids="${ids}"]`)).toHaveCount(0);
  }

  // The next drafts of that merchant offer the same Account.
  const next = ofMerchant().first();
  await expect(next.getByTestId("suggestion")).toContainText(`Suggested: ${OTHER}`);
  await expect(ofMerchant().getByRole("button", { name: "Accept suggestion" })).toHaveCount(await ofMerchant().count());
  // The Complete dialog preselects it (then Cancel: nothing changes).
  await ofMerchant().nth(1).getByRole("button", { name: "Complete" }).click();
  const dialog = page.getByRole("dialog", { name: "Complete the draft" });
  await expect(dialog.getByLabel(/the other Account$/).locator("option:checked")).toHaveText(OTHER);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  // Accept the suggestion: the draft is completed with it, still a draft.
  const remoteIds = (await next.getAttribute("data-remote-ids"))!;
  await next.getByRole("button", { name: "Accept suggestion" }).click();
  const done = page.locator(`tr[data-remote-ids="${remoteIds}"]`);
  await expect(done.getByRole("status")).toHaveText(`Completed with ${OTHER}.`);
  // On the side the bank left empty (To for money out, From for money in).
  await expect(done.locator("td").filter({ hasText: new RegExp(`^${OTHER}$`) })).toHaveCount(1);
  await expect(status(done)).toHaveText("Draft");
  await expect(done.getByRole("button", { name: "Accept suggestion" })).toHaveCount(0);

  // Post it, check it.
  await done.getByRole("button", { name: "Post" }).click();
  await expect(done.getByRole("status")).toHaveText("Posted.");
  await tab(page, "Posted");
  const posted = page.locator(`tr[data-remote-ids="${remoteIds}"]`);
  await expect(status(posted)).toHaveText("Posted");
  await posted.getByRole("button", { name: "Check" }).click();
  await expect(posted.getByRole("status")).toHaveText("Checked.");
  await tab(page, "Checked");
  await expect(status(page.locator(`tr[data-remote-ids="${remoteIds}"]`))).toHaveText("Checked");

  // Trash another draft.
  await tab(page, "Drafts");
  const other = rowsOf(page).first();
  const otherIds = (await other.getAttribute("data-remote-ids"))!;
  await other.getByRole("button", { name: "Trash" }).click();
  await expect(page.locator(`tr[data-remote-ids="${otherIds}"]`)).toHaveCount(0);
  await tab(page, "Trashed");
  await expect(status(page.locator(`tr[data-remote-ids="${otherIds}"]`))).toHaveText("Trashed");
  await expect(description(page.locator(`tr[data-remote-ids="${otherIds}"]`))).not.toBeEmpty();

  // The audit trail says the suggestion was accepted.
  await page.goto(`/books/${bookId}/settings/audit`);
  await expect(page.getByText(new RegExp(`${OTHER}.*The suggested Account was accepted\\.`)).first()).toBeVisible();
});

test("Book settings: the bookkeeper adds a counter-account rule and deletes it", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "User Connections");
  await page.goto(`/books/${bookId}/settings`);
  const rules = page.getByRole("region", { name: "Counter-account rules" });
  await expect(rules.getByText(/No rules yet/)).toBeVisible();
  const form = rules.getByRole("form", { name: "New rule" });
  await form.getByLabel("Description contains").fill("GitHub");
  await form.getByLabel("Account").selectOption({ label: "Software" });
  await form.getByLabel("Direction").selectOption({ label: "Money out" });
  // A reversed range is refused with the reason, next to the field.
  await form.getByLabel(/Smallest amount/).fill("500");
  await form.getByLabel(/Largest amount/).fill("100");
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(form.getByText("The smallest amount must not be above the largest.")).toBeVisible();
  await expect(form.getByLabel(/Largest amount/)).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel(/Smallest amount/).fill("");
  await form.getByRole("button", { name: "Add rule" }).click();
  await expect(form.getByRole("status")).toHaveText("Rule added.");
  const row = rules.getByRole("table", { name: "Counter-account rules" }).getByTestId("counter-rule");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("GitHub");
  await expect(row).toContainText("Software");
  await expect(row).toContainText("Money out");
  await expect(row).toContainText("Up to $100.00");
  await row.getByRole("button", { name: "Delete the rule “GitHub”" }).click();
  await expect(rules.getByText("Rule deleted.")).toBeVisible();
  await expect(row).toHaveCount(0);
});

import { expect, test } from "@playwright/test";
import { openBook, signInAsDemo } from "./support/auth";

test("the demo client sees their Books, opens Acme Ltd and reaches the Automations panels", async ({ page }) => {
  await signInAsDemo(page, "client");
  const books = page.getByRole("list", { name: "Your Books" });
  await expect(books.getByRole("link")).toHaveCount(1);
  await expect(books).toContainText("Acme Ltd");
  await expect(books).toContainText("Owner");

  const bookId = await openBook(page, "Acme Ltd");
  // Balances per Account from the posted demo transactions.
  await expect(page.getByTestId("balance-Cash")).toHaveText("$10,100.00");
  await expect(page.getByTestId("balance-Credit Card")).toHaveText("$238.90");
  // The four demo transactions, each through the filter by its income or expense Account (specs that
  // ran before this one may have filled the Book's first page with bank drafts; those never touch
  // these Accounts).
  for (const [account, description] of [
    ["Sales", "Opening cash"],
    ["Rent", "October rent"],
    ["Office Supplies", "Printer paper and toner"],
    ["Software", "Accounting software subscription"],
  ] as const) {
    await page.getByRole("link", { name: new RegExp(`^${account}`) }).click();
    await expect(page.getByRole("heading", { name: `Transactions — ${account}` })).toBeVisible();
    await expect(page.getByTestId("transaction-row")).toHaveCount(1);
    await expect(page.getByTestId("transaction-row")).toContainText(description);
  }

  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("menuitem", { name: "Automations" }).click();
  await expect(page).toHaveURL(new RegExp(`/books/${bookId}/automations/banks$`));
  const nav = page.getByRole("navigation", { name: "Automations" });
  await expect(nav.getByRole("link", { name: "Banks" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("group", { name: "Choose your country" })).toBeVisible();
  await expect(page.getByLabel("Search banks")).toBeVisible();

  // (Other specs may have connected banks for this user meanwhile: the empty state is checked on a
  // Book nobody connects from, below.)
  await nav.getByRole("link", { name: "User Connections" }).click();
  await expect(page.getByRole("heading", { name: "User Connections", level: 3 })).toBeVisible();

  await nav.getByRole("link", { name: "Book Integrations" }).click();
  await expect(page.getByRole("heading", { name: "Book Integrations", level: 3 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Book Integrations" })).toHaveAttribute("aria-current", "page");
});

test("the status tabs list only their transactions: Checked shows the demo Book's checked ones, Drafts no posted one", async ({ page }) => {
  await signInAsDemo(page, "client");
  await openBook(page, "Acme Ltd");
  const tabs = page.getByRole("navigation", { name: "Status" });
  await tabs.getByRole("link", { name: "Checked" }).click();
  await expect(tabs.getByRole("link", { name: "Checked" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("transaction-row").filter({ hasText: "October rent" })).toHaveCount(1);
  const checked = await page.getByTestId("transaction-row").evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td")[5]?.textContent ?? ""));
  expect(checked.every((s) => s === "Checked")).toBe(true);
  await tabs.getByRole("link", { name: "Drafts" }).click();
  await expect(tabs.getByRole("link", { name: "Drafts" })).toHaveAttribute("aria-current", "page");
  const drafts = await page.getByTestId("transaction-row").evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td")[5]?.textContent ?? ""));
  expect(drafts.every((s) => s === "Draft")).toBe(true);
});

test("User Connections says what will appear there when there is nothing yet", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await openBook(page, "Bookkeeping Practice");
  await page.goto(`/books/${bookId}/automations/connections`);
  await expect(page.getByRole("heading", { name: "No bank connections yet" })).toBeVisible();
  await expect(page.getByText("shared with this Book")).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect a bank" })).toHaveAttribute("href", `/books/${bookId}/automations/banks`);
  await page.goto(`/books/${bookId}/automations/integrations`);
  await expect(page.getByRole("heading", { name: "No integrations yet" })).toBeVisible();
});

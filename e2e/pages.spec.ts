import { expect, test } from "@playwright/test";
import { openBook, signInAsDemo } from "./support/auth";
import { automations, connectPlaidBank } from "./support/automations";

/**
 * User Connections renders what is on screen (issue 16): the Link Account dialog and the Book's
 * Account list are not in the page the server sends — a Book with thousands of Accounts used to send
 * them all inside every dialog. The dialog fetches them when it opens, by the visible labels.
 */
test.describe.configure({ mode: "serial" });

// A bank no other spec connects (tests/lint/e2e-banks.test.ts).
const BANK = "Citibank Online";
const PROBE = `Pages Probe Asset ${Date.now().toString(36)}`;

test("the client connects a bank; the bookkeeper adds an ASSET Account to Acme Ltd", async ({ page, browser }) => {
  await signInAsDemo(page, "client");
  await automations(page, "Banks");
  await connectPlaidBank(page, "citi", BANK);

  const bookkeeper = await (await browser.newContext()).newPage();
  await signInAsDemo(bookkeeper, "bookkeeper");
  await openBook(bookkeeper, "Acme Ltd");
  const form = bookkeeper.getByRole("form", { name: "New Account" });
  await form.getByLabel("Account name").fill(PROBE);
  await form.getByRole("button", { name: "Create Account" }).click();
  await expect(form.getByRole("status")).toContainText("created");
  await bookkeeper.context().close();
});

test("User Connections: no Book Account in the page until Link Account is pressed, then the dialog lists it", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  const bookId = await automations(page, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  await expect(card.getByRole("button", { name: "Link Account" }).first()).toBeVisible();

  // The page as the server sends it (HTML and the React payload inside it): no dialog, no Account list.
  const html = await (await page.request.get(`/books/${bookId}/automations/connections`)).text();
  expect(html).toContain(BANK);
  expect(html).toContain("Link Account");
  expect(html).not.toContain(PROBE);
  expect(html).not.toContain("Period of historical data");
  await expect(page.getByRole("dialog", { name: /^Link / })).toHaveCount(0);

  // Opened: the dialog, its Account list fetched, the new Account among the choices.
  const checking = card.getByRole("row").filter({ hasText: "Bank account" }).filter({ hasText: /Checking/ }).first();
  await checking.getByRole("button", { name: "Link Account" }).click();
  const dialog = page.getByRole("dialog", { name: /^Link / });
  await expect(dialog.getByLabel("Book Account")).toHaveValue("new");
  await expect(dialog.getByLabel("Book Account").getByRole("option", { name: PROBE })).toHaveCount(1);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
});

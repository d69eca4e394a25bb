import { expect, test, type Page } from "@playwright/test";
import { openBook, signInAsDemo } from "./support/auth";
import { connectPlaidBank } from "./support/automations";
import { sandboxControl } from "./support/sandbox";

/**
 * "New accounts available", clicked through: the sandbox bank opens an account on a connected
 * Plaid item (NEW_ACCOUNTS_AVAILABLE reaches the app's verified webhook), User Connections says so
 * to everyone who sees the connection, the owner's Add accounts opens Plaid Link in update mode
 * with account selection, and the new account is then listed under the same connection.
 */
test.describe.configure({ mode: "serial" });

// A bank no other spec uses, so parallel specs never share sandbox items.
const BANK = "Houndstooth Bank";
const NOTE = "New accounts available";

async function userConnections(page: Page): Promise<void> {
  await openBook(page, "Acme Ltd");
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("menuitem", { name: "Automations" }).click();
  await page.getByRole("navigation", { name: "Automations" }).getByRole("link", { name: "User Connections" }).click();
  await expect(page.getByRole("heading", { name: "User Connections", level: 3 })).toBeVisible();
}

const card = (page: Page) => page.getByRole("article", { name: BANK });
let connectionId = "";
let rowsBefore = 0;

test("the client connects the bank; the bank opens an account; User Connections says New accounts available", async ({ page }) => {
  await signInAsDemo(page, "client");
  await openBook(page, "Acme Ltd");
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("menuitem", { name: "Automations" }).click();
  await page.getByRole("navigation", { name: "Automations" }).getByRole("link", { name: "Banks" }).click();
  await connectPlaidBank(page, "houndstooth", BANK);
  await expect(card(page).getByTestId("institution-account")).not.toHaveCount(0);
  connectionId = (await card(page).getAttribute("data-connection-id"))!;
  rowsBefore = await card(page).getByTestId("institution-account").count();
  await expect(card(page)).not.toContainText(NOTE);

  const item = (await sandboxControl(page)).plaid!.items.find((i) => i.institutionName === BANK && i.exchanged)!;
  await sandboxControl(page, { action: "plaid.addAccount", itemId: item.itemId });
  await expect(async () => {
    await page.reload();
    await expect(card(page)).toContainText(NOTE, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(card(page).getByRole("button", { name: "Add accounts" })).toBeVisible();
  // Not listed before the user shares it.
  await expect(card(page).getByTestId("institution-account")).toHaveCount(rowsBefore);
});

test("the bookkeeper sees New accounts available but no Add accounts", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  await userConnections(page);
  await expect(card(page)).toContainText(NOTE);
  await expect(card(page)).toContainText("Only Clara Client, who owns this connection, can add its new accounts.");
  await expect(card(page).getByRole("button", { name: "Add accounts" })).toHaveCount(0);
});

test("the owner adds them through Plaid Link in update mode: listed under the same connection, ready for Link Account", async ({ page }) => {
  await signInAsDemo(page, "client");
  await userConnections(page);
  await card(page).getByRole("button", { name: "Add accounts" }).click();
  const dialog = page.getByRole("dialog", { name: "Reconnect your account" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Username").fill("user_good");
  await dialog.getByLabel("Password").fill("pass_good");
  await dialog.getByRole("button", { name: "Continue" }).click();
  const selection = page.getByRole("dialog", { name: "Select accounts" });
  await expect(selection).toBeVisible();
  for (const box of await selection.getByRole("checkbox").all()) await box.check();
  await selection.getByRole("button", { name: "Continue" }).click();

  await expect(card(page).getByRole("status")).toContainText(`The accounts you shared at ${BANK} are listed below`);
  await expect(card(page).getByTestId("institution-account")).toHaveCount(rowsBefore + 1);
  await expect(card(page)).not.toContainText(NOTE);
  await expect(card(page).getByRole("button", { name: "Add accounts" })).toHaveCount(0);
  expect(await card(page).getAttribute("data-connection-id")).toBe(connectionId);
  await expect(page.getByRole("article", { name: BANK })).toHaveCount(1);
  await page.reload();
  await expect(card(page).getByTestId("institution-account")).toHaveCount(rowsBefore + 1);
  await expect(card(page).getByRole("button", { name: /Link Account/ })).toHaveCount(rowsBefore + 1);
});

import { expect, test, type Locator, type Page } from "@playwright/test";

/**
 * Keyboard only: the whole connect → link → save flow with Tab, Shift+Tab, Enter, Space and the
 * arrow keys — no mouse, no locator.click/fill. Locators only say where focus must be (or be
 * going); text is typed into the focused field with page.keyboard.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

// A bank no other spec uses, so parallel specs never share its connection.
const BANK = "First Gingham Credit Union";
const EMAIL = "client@example.com";

async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement);
}

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i <= max; i++) {
    if (await isFocused(target)) {
      await expectVisibleFocus(target);
      return;
    }
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${max} × ${back ? "Shift+Tab" : "Tab"} never reached ${target.toString()}`);
}

/** The focused element shows a focus ring (an outline or a box-shadow ring). */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const ring = await target.evaluate((el) => {
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== "none" };
  });
  expect(ring.outline || ring.shadow, `no visible focus style on ${target.toString()}`).toBe(true);
}

let bookId = "";

test("connect a bank, link its account and save — by keyboard alone", async ({ page }) => {
  // Sign in: Tab to the e-mail field, type, Enter.
  await page.goto("/signin");
  const email = page.getByLabel("Email");
  await tabTo(page, email);
  await page.keyboard.type(EMAIL);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("signed-in-as")).toContainText(EMAIL);

  // Books → Acme Ltd.
  const acme = page.getByRole("link", { name: /^Acme Ltd/ });
  await tabTo(page, acme);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Transactions" })).toBeVisible();
  bookId = /\/books\/([a-z0-9]+)/.exec(page.url())![1]!;

  // Settings (⚙️) → Automations: the menu opens on its first item; the arrow keys move in it.
  const settings = page.getByRole("button", { name: "Settings" });
  await tabTo(page, settings);
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Settings" });
  await expect(menu.getByRole("menuitem", { name: "Automations" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "Book settings" })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(menu.getByRole("menuitem", { name: "Automations" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(settings).toBeFocused();
  await page.keyboard.press("Space");
  await expect(menu.getByRole("menuitem", { name: "Automations" })).toBeFocused();
  await page.keyboard.press("Enter");

  // Automations → Banks (the first panel): the country, then the bank.
  await expect(page.getByRole("heading", { name: "Banks", level: 3 })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Automations" });
  await expect(nav.getByRole("link", { name: "Banks" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("button", { name: "United States" })).toHaveAttribute("aria-pressed", "true");
  await tabTo(page, page.getByLabel("Search banks"));
  await page.keyboard.type("gingham");
  const bank = page.getByRole("list", { name: "Banks" }).getByRole("button", { name: BANK });
  await expect(page.getByRole("list", { name: "Banks" }).getByRole("button")).toHaveCount(1);
  await tabTo(page, bank);
  await page.keyboard.press("Enter");

  // The Plaid Link stand-in: focus starts on Username; Tab stays inside the dialog.
  const creds = page.getByRole("dialog", { name: "Enter your credentials" });
  await expect(creds.getByLabel("Username")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(creds.getByRole("button", { name: "Close" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  expect(await creds.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await tabTo(page, creds.getByLabel("Username"));
  await page.keyboard.type("user_good");
  await page.keyboard.press("Tab");
  await expect(creds.getByLabel("Password")).toBeFocused();
  await page.keyboard.type("pass_good");
  await page.keyboard.press("Enter");

  // Select accounts: Space unticks and ticks an account; Tab to Continue, Enter.
  const accounts = page.getByRole("dialog", { name: "Select accounts" });
  const firstBox = accounts.getByRole("checkbox").first();
  await expect(firstBox).toBeFocused();
  await page.keyboard.press("Space");
  await expect(firstBox).not.toBeChecked();
  await page.keyboard.press("Space");
  await expect(firstBox).toBeChecked();
  await tabTo(page, accounts.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");

  // User Connections: the new connection → Link Account next to its checking account.
  await expect(page).toHaveURL(/\/automations\/connections\?connected=/, { timeout: 30_000 });
  const card = page.getByRole("article", { name: BANK });
  await expect(card).toContainText("Connected");
  const row = card.getByRole("row").filter({ hasText: "Bank account" }).filter({ hasText: /Checking/ }).first();
  const linkButton = row.getByRole("button", { name: "Link Account" });
  await tabTo(page, linkButton);
  await page.keyboard.press("Enter");

  // The Link Account dialog: focus on its first field; pick the Account, the period (arrow keys), Save.
  const dialog = page.getByRole("dialog", { name: /^Link / });
  const bookAccount = dialog.getByLabel("Book Account");
  await expect(bookAccount).toBeFocused();
  await expect(bookAccount).toHaveValue("new");
  await page.keyboard.press("Tab");
  const name = dialog.getByLabel("New Account name");
  await expect(name).toBeFocused();
  const accountName = `${await name.inputValue()} (keyboard)`;
  await page.keyboard.press("End");
  await page.keyboard.type(" (keyboard)");
  await page.keyboard.press("Tab");
  const period = dialog.getByLabel("Period of historical data");
  await expect(period).toBeFocused();
  await expect(period).toHaveValue("last90");
  await page.keyboard.press("ArrowDown");
  await expect(period).toHaveValue("thisYear");
  await page.keyboard.press("ArrowUp");
  await expect(period).toHaveValue("last90");
  await tabTo(page, dialog.getByRole("button", { name: "Save" }));
  await page.keyboard.press("Enter");

  // Book Integrations: the new integration → Save Configuration.
  await expect(page).toHaveURL(/\/automations\/integrations/, { timeout: 30_000 });
  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) }).filter({ hasText: accountName });
  await expect(integration.getByTestId("integration-status")).toHaveText("Active", { timeout: 60_000 });
  await tabTo(page, integration.getByRole("button", { name: "Save Configuration" }));
  await page.keyboard.press("Enter");
  await expect(integration.getByRole("status")).toContainText("Saved");
  await expect(integration.getByTestId("integration-status")).toHaveText("Active", { timeout: 60_000 });
  const posted = Number(await integration.getByTestId("integration-posted").textContent());
  expect(posted).toBeGreaterThan(0);

  // The transactions landed: back to the Book by its name, then the new Account.
  await tabTo(page, page.getByRole("link", { name: "Acme Ltd", exact: true }), { back: true });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Transactions", exact: true })).toBeVisible();
  await tabTo(page, page.getByRole("complementary", { name: "Accounts" }).getByRole("link", { name: new RegExp(`^${accountName.replace(/[()]/g, "\\$&")}`) }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: `Transactions — ${accountName}` })).toBeVisible();
  // At least what Book Integrations counted (more may still be arriving from the longer period), 50 a page.
  await expect.poll(() => page.getByTestId("transaction-row").count()).toBeGreaterThanOrEqual(Math.min(posted, 50));
});

test("dialogs: focus moves in, Tab and Shift+Tab stay inside, Escape closes, focus returns to the opener", async ({ page }) => {
  await page.goto("/signin");
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(EMAIL);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("signed-in-as")).toContainText(EMAIL);
  await page.goto(`/books/${bookId}/automations/connections`);

  // Link Account: first field focused; Shift+Tab from it wraps to Save, Tab from Save back to it.
  const card = page.getByRole("article", { name: BANK });
  const opener = card.getByRole("button", { name: "Link Account" }).first();
  await tabTo(page, opener);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: /^Link / });
  const first = dialog.getByLabel("Book Account");
  await expect(first).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(dialog.getByRole("button", { name: "Save" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(first).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `Tab #${i + 1} left the dialog`).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Cancel closes too, and focus returns.
  await page.keyboard.press("Enter");
  await expect(first).toBeFocused();
  await tabTo(page, dialog.getByRole("button", { name: "Cancel" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Disconnect → the confirmation: No is focused, Tab cycles No ↔ Yes, Escape closes (nothing disconnected).
  const disconnect = card.getByRole("button", { name: "Disconnect" });
  await tabTo(page, disconnect, { back: true });
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("dialog", { name: `Disconnect ${BANK}?` });
  await expect(confirm.getByRole("button", { name: "No" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(confirm.getByRole("button", { name: "Yes" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(confirm.getByRole("button", { name: "No" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(confirm.getByRole("button", { name: "Yes" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(disconnect).toBeFocused();
  await expect(card).toContainText("Connected");

  // Book Integrations → Remove: same, closed with No by Enter.
  await page.goto(`/books/${bookId}/automations/integrations`);
  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) }).first();
  const remove = integration.getByRole("button", { name: "Remove" });
  await tabTo(page, remove);
  await page.keyboard.press("Enter");
  const removeDialog = page.getByRole("dialog", { name: /^Remove / });
  await expect(removeDialog.getByRole("button", { name: "No" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(removeDialog).toBeHidden();
  await expect(remove).toBeFocused();
  await expect(integration).toBeVisible();

  // The Plaid Link stand-in: Escape closes it and focus returns to the bank chosen.
  await page.goto(`/books/${bookId}/automations/banks`);
  await tabTo(page, page.getByLabel("Search banks"));
  await page.keyboard.type("tartan");
  const bank = page.getByRole("list", { name: "Banks" }).getByRole("button", { name: "Tartan Bank" });
  await tabTo(page, bank);
  await page.keyboard.press("Enter");
  const link = page.getByRole("dialog", { name: "Enter your credentials" });
  await expect(link.getByLabel("Username")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(link).toHaveCount(0);
  await expect(bank).toBeFocused();
});

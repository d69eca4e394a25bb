import { expect, test, type Page } from "@playwright/test";
import { signInAsDemo } from "./support/auth";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { plaidItemFor, plaidKeyHeaders } from "./support/sandbox";

/**
 * Plaid OAuth in the sandbox, through the real react-plaid-link on the sandbox page's "Try Plaid
 * Link" (its link tokens carry redirect_uri = /sandbox): Link → "You will be sent to <bank>" →
 * Continue → the bank's consent page → Approve / Deny → back on /sandbox?oauth_state_id=… → the page
 * re-opens Link with receivedRedirectUri → onSuccess / onExit.
 */

async function openSandboxPage(page: Page): Promise<void> {
  await signInAsDemo(page, "client");
  await page.goto("/sandbox");
  await expect(page.getByRole("heading", { name: "Sandbox banks", level: 1 })).toBeVisible();
}

async function continueToBank(page: Page, bank: string): Promise<void> {
  const pane = page.getByRole("dialog", { name: `You will be sent to ${bank}` });
  await expect(pane).toBeVisible();
  await pane.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/sandbox\/plaid\/oauth\/[0-9a-f-]+$/);
  await expect(page.getByRole("heading", { level: 1, name: bank })).toBeVisible();
}

test("a US OAuth bank: Continue → consent page → Approve (two accounts) → back → onSuccess", async ({ page }) => {
  await openSandboxPage(page);
  await page.getByRole("button", { name: "Open Plaid Link" }).click();
  const dialog = page.getByRole("dialog", { name: "Select your bank" });
  await dialog.getByLabel("Search for your bank").fill("oauth");
  await dialog.getByRole("button", { name: /^Platypus OAuth Bank/ }).click();
  await continueToBank(page, "Platypus OAuth Bank");

  const group = page.getByRole("group", { name: "Which accounts to share" });
  const boxes = await group.getByRole("checkbox").all();
  expect(boxes.length).toBeGreaterThanOrEqual(3);
  for (const box of boxes) await expect(box).toBeChecked();
  await expectNoSeriousA11yViolations(page, "the sandbox bank consent page");
  for (const box of boxes.slice(2)) await box.uncheck();
  await page.getByRole("button", { name: "Approve" }).click();

  await expect(page).toHaveURL(/\/sandbox$/);
  await expect(page.getByTestId("plaid-public-token")).toHaveText(/^public-sandbox-/);
  await expect(page.getByTestId("plaid-link-result")).toContainText("Platypus OAuth Bank (ins_127287)");
  const accounts = page.getByTestId("plaid-link-result").locator("dt", { hasText: /^accounts$/ }).locator("xpath=following-sibling::dd[1]");
  await expect(accounts).toContainText("••");
  expect((await accounts.textContent())!.split(", ")).toHaveLength(2);
  await page.getByRole("button", { name: "Exchange the public token" }).click();
  await expect(page.getByRole("table", { name: "Plaid sandbox items" })).toContainText("Platypus OAuth Bank");
});

test("a German bank, Deny at the bank → back → Link says so, onExit gets ACCESS_NOT_GRANTED (requires_oauth)", async ({ page }) => {
  await openSandboxPage(page);
  await page.getByLabel("Country").selectOption("DE");
  await page.getByLabel("Bank (optional)").selectOption({ label: "Platypus Bank Deutschland" });
  await page.getByRole("button", { name: "Open Plaid Link" }).click();
  await continueToBank(page, "Platypus Bank Deutschland");
  await page.getByRole("button", { name: "Deny" }).click();

  await expect(page).toHaveURL(/\/sandbox$/);
  const error = page.getByRole("dialog", { name: "Connection not completed" });
  await expect(error).toBeVisible();
  await expect(error.getByRole("alert")).toContainText("You did not allow access");
  await error.getByRole("button", { name: "Exit" }).click();
  await expect(page.getByTestId("plaid-exit-error")).toContainText("ACCESS_NOT_GRANTED");
  await expect(page.getByTestId("plaid-link-result")).toContainText("status: requires_oauth");

  // The request cannot be answered twice: Back to the consent page says it was.
  await page.goBack();
  await expect(page).toHaveURL(/\/sandbox\/plaid\/oauth\//);
  await expect(page.getByRole("alert")).toContainText("You already answered this sign-in request");
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
});

test("update mode on an OAuth item goes through the consent page and repairs the same item", async ({ page }) => {
  await openSandboxPage(page);
  const username = `oauth_${Date.now()}`;
  const itemId = await plaidItemFor(page, { username, institutionId: "ins_180901" });
  expect((await page.request.post("/sandbox/control", { data: { action: "plaid.loginRequired", itemId } })).ok()).toBe(true);
  await page.reload();
  const section = page.getByRole("region", { name: "Try Plaid Link" });
  await section.getByLabel("Update mode for").selectOption({ label: `Platypus Bank Deutschland · ${username} (ITEM_LOGIN_REQUIRED)` });
  await section.getByRole("button", { name: "Open Plaid Link in update mode" }).click();
  await continueToBank(page, "Platypus Bank Deutschland");
  await expect(page.getByText("Accounts shared")).toBeVisible();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("plaid-link-result")).toContainText("onSuccess (update mode");
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(itemId) })).toContainText("OK");
});

test("an OAuth bank on a link token without redirect_uri: Link shows the error, onExit gets INVALID_FIELD", async ({ page }) => {
  await openSandboxPage(page);
  // Load the stand-in once (the page's own Link), then drive window.Plaid with a token made without redirect_uri.
  await page.getByRole("button", { name: "Open Plaid Link" }).click();
  await expect(page.getByRole("dialog", { name: "Select your bank" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const created = await page.request.post("/sandbox/plaid/link/token/create", {
    headers: plaidKeyHeaders(),
    data: { client_name: "No redirect", language: "en", country_codes: ["GB"], user: { client_user_id: "e2e" }, products: ["transactions"] },
  });
  const token = (await created.json()).link_token as string;
  const exit = page.evaluate(
    (t) =>
      new Promise<unknown>((resolve) => {
        const plaid = (window as unknown as { Plaid: { create(c: unknown): { open(): void } } }).Plaid;
        plaid.create({ token: t, onSuccess: () => resolve("success?"), onExit: (err: unknown, meta: unknown) => resolve({ err, meta }) }).open();
      }),
    token,
  );
  const dialog = page.getByRole("dialog", { name: "Select your bank" });
  await dialog.getByRole("button", { name: /^Royal Bank of Plaid/ }).click();
  await expect(page.getByRole("dialog", { name: "Something went wrong" })).toContainText("This bank signs you in on its own site");
  await page.getByRole("dialog").getByRole("button", { name: "Exit" }).click();
  expect(await exit).toMatchObject({ err: { error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" }, meta: { institution: { institution_id: "ins_117650" } } });
});

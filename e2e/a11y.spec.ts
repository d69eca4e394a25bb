import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { openBook, signInAsDemo } from "./support/auth";
import { sandboxControl } from "./support/sandbox";

/**
 * Accessibility: axe (WCAG 2.0/2.1 A + AA) on every page and state of the portal — no serious or
 * critical violation. The states are reached as a user does, by the visible labels. The tests run in
 * file order (one worker) and the later ones use the bank connected by an earlier one; not "serial",
 * so one page's violations do not hide the others'.
 */
// axe takes seconds per state on a busy machine: room for a dozen states per test.
test.describe.configure({ timeout: 240_000 });

// A bank no other spec uses, so parallel specs never share its connection.
const BANK = "Harborline Card Services";
const PLUGGY_FRAME = 'iframe[name^="__zoid__pluggy_connect_widget__"]';


async function panel(page: Page, bookId: string, name: "Banks" | "User Connections" | "Book Integrations"): Promise<void> {
  await page.goto(`/books/${bookId}/automations/${{ Banks: "banks", "User Connections": "connections", "Book Integrations": "integrations" }[name]}`);
  await expect(page.getByRole("heading", { name, level: 3 })).toBeVisible();
}

let acmeId = "";

/** Signs in as a demo user, signing out whoever is signed in first. */
async function signInAs(page: Page, who: Parameters<typeof signInAsDemo>[1]): Promise<void> {
  await page.context().clearCookies();
  await signInAsDemo(page, who);
}

test("sign-in page, with and without an error", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { name: "Sign in to Bank Connections" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the sign-in page");

  await page.goto("/signin?error=CredentialsSignin");
  await expect(page.getByText("We could not sign you in with that address")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the sign-in page with an error");

  // The e-mail form's own error (an empty address).
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("#email-error")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the sign-in page with an e-mail error");
});

test("Books list, a Book with its transactions, the Account filter, the Settings menu and the New Account form", async ({ page }) => {
  await signInAsDemo(page, "client");
  await page.goto("/books");
  await expect(page.getByRole("heading", { name: "Books", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Books list");

  acmeId = await openBook(page, "Acme Ltd");
  await expect(page.getByTestId("transaction-row").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, "a Book page with transactions");

  await page.getByRole("complementary", { name: "Accounts" }).getByRole("link", { name: /^Cash/ }).click();
  await expect(page.getByRole("heading", { name: "Transactions — Cash" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "a Book page filtered by an Account");

  await page.getByRole("button", { name: "Settings" }).click();
  await expect(page.getByRole("menu", { name: "Settings" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Book's Settings menu, open");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu", { name: "Settings" })).toHaveCount(0);

  // The New Account form: its error, then its success message.
  const form = page.getByRole("form", { name: "New Account" });
  await form.getByRole("button", { name: "Create Account" }).click();
  await expectNoSeriousA11yViolations(page, "the New Account form after an empty submit");
  await form.getByLabel("Account name").fill(`A11y Petty Cash ${Date.now().toString(36)}`);
  await form.getByRole("button", { name: "Create Account" }).click();
  await expect(form.getByRole("status")).toContainText("created");
  await expectNoSeriousA11yViolations(page, "the New Account form after creating an Account");
});

test("Book settings; 403 for a viewer; 404 pages", async ({ page }) => {
  await signInAsDemo(page, "client");
  if (!acmeId) acmeId = await openBook(page, "Acme Ltd");
  await page.goto(`/books/${acmeId}/settings`);
  await expect(page.getByRole("heading", { name: "Book settings" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "Book settings");

  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the 404 page");
  await page.goto("/books/nosuchbook0000");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the 404 page of an unknown Book");

  await signInAs(page, "viewer");
  const res = await page.goto(`/books/${acmeId}/settings`);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the 403 page");
});

test("User Connections and Book Integrations, empty", async ({ page }) => {
  // The bookkeeper's own Book has no connection shared with it.
  await signInAsDemo(page, "bookkeeper");
  const practice = await openBook(page, "Bookkeeping Practice");
  await panel(page, practice, "User Connections");
  await expect(page.getByRole("heading", { name: "No bank connections yet" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "User Connections, empty");
  await panel(page, practice, "Book Integrations");
  await expect(page.getByRole("heading", { name: "No integrations yet" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "Book Integrations, empty");
});

test("Automations → Banks, and the Plaid Link stand-in at each step", async ({ page }) => {
  await signInAsDemo(page, "client");
  if (!acmeId) acmeId = await openBook(page, "Acme Ltd");
  await panel(page, acmeId, "Banks");
  await expect(page.getByRole("list", { name: "Banks" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "Automations → Banks");

  await page.getByLabel("Search banks").fill("zzzz-no-bank");
  await expect(page.getByText(/No bank matches/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, "Banks with no match");

  await page.getByLabel("Search banks").fill("harborline");
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: BANK }).click();
  const creds = page.getByRole("dialog", { name: "Enter your credentials" });
  await expect(creds.getByLabel("Username")).toBeFocused();
  await expectNoSeriousA11yViolations(page, "the Plaid Link stand-in: credentials");

  await creds.getByLabel("Username").fill("user_bad");
  await creds.getByLabel("Password").fill("pass_bad");
  await creds.getByRole("button", { name: "Continue" }).click();
  await expect(creds.getByRole("alert")).not.toBeEmpty();
  await expectNoSeriousA11yViolations(page, "the Plaid Link stand-in: wrong credentials");

  await creds.getByLabel("Username").fill("user_good");
  await creds.getByLabel("Password").fill("pass_good");
  await creds.getByRole("button", { name: "Continue" }).click();
  const accounts = page.getByRole("dialog", { name: "Select accounts" });
  await expect(accounts).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Plaid Link stand-in: account selection");
  await accounts.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/automations\/connections\?connected=/);
  await expect(page.getByRole("article", { name: BANK })).toContainText("Connected");
  await expectNoSeriousA11yViolations(page, "User Connections, just connected");
});

test("the Plaid Link stand-in's bank list (sandbox page)", async ({ page }) => {
  await signInAsDemo(page, "client");
  await page.goto("/sandbox");
  await expect(page.getByRole("heading", { name: "Sandbox banks", level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the sandbox page");
  await page.getByRole("button", { name: "Open Plaid Link", exact: true }).click();
  const chooser = page.getByRole("dialog", { name: "Select your bank" });
  await expect(chooser.getByLabel("Search for your bank")).toBeFocused();
  await expectNoSeriousA11yViolations(page, "the Plaid Link stand-in: bank list");
  await page.keyboard.press("Escape");
  await expect(chooser).toHaveCount(0);
});

test("User Connections with a connection: Link Account dialog, Disconnect confirmation, Login required", async ({ page }) => {
  await signInAsDemo(page, "client");
  if (!acmeId) acmeId = await openBook(page, "Acme Ltd");
  await panel(page, acmeId, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  await expect(card).toContainText("Connected");
  await expectNoSeriousA11yViolations(page, "User Connections with a connection");

  await card.getByRole("button", { name: "Link Account" }).first().click();
  const link = page.getByRole("dialog", { name: /^Link / });
  await expect(link).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Link Account dialog");
  await link.getByLabel("Period of historical data").selectOption({ label: "From a date…" });
  await expect(link.getByLabel("Start date")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Link Account dialog with a start date");
  await link.getByRole("button", { name: "Cancel" }).click();
  await expect(link).toBeHidden();

  await card.getByRole("button", { name: "Disconnect" }).click();
  const confirm = page.getByRole("dialog", { name: `Disconnect ${BANK}?` });
  await expect(confirm).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Disconnect confirmation");
  await confirm.getByRole("button", { name: "No" }).click();
  await expect(confirm).toBeHidden();

  // The bank asks for a new login: Login required, Reconnect.
  const item = (await sandboxControl(page)).plaid!.items.find((i) => i.institutionName === BANK && i.exchanged)!;
  await sandboxControl(page, { action: "plaid.loginRequired", itemId: item.itemId });
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("article", { name: BANK })).toContainText("Login required", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expectNoSeriousA11yViolations(page, "User Connections with a login-required connection");

  await page.getByRole("article", { name: BANK }).getByRole("button", { name: "Reconnect" }).click();
  const again = page.getByRole("dialog", { name: "Reconnect your account" });
  await expect(again).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Plaid Link stand-in in update mode");
  await again.getByLabel("Password").fill("pass_good");
  await again.getByRole("button", { name: "Continue" }).click();
  const selection = page.getByRole("dialog", { name: "Select accounts" });
  if (await selection.isVisible().catch(() => false)) await selection.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("article", { name: BANK }).getByRole("status")).toContainText("connected again");
  await expectNoSeriousA11yViolations(page, "User Connections after a reconnect");
});

test("Book Integrations with an integration and its chart; the Remove confirmation", async ({ page }) => {
  await signInAsDemo(page, "client");
  if (!acmeId) acmeId = await openBook(page, "Acme Ltd");
  await panel(page, acmeId, "User Connections");
  await page.getByRole("article", { name: BANK }).getByRole("button", { name: "Link Account" }).first().click();
  await page.getByRole("dialog", { name: /^Link / }).getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/automations\/integrations/);
  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) }).first();
  await expect(integration.getByTestId("integration-status")).toHaveText("Active", { timeout: 60_000 });
  await expect(integration.getByTestId("posting-chart")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "Book Integrations with an integration");

  await integration.getByRole("button", { name: "Save Configuration" }).click();
  await expect(integration.getByRole("status")).toContainText("Saved");
  await expectNoSeriousA11yViolations(page, "Book Integrations after Save Configuration");

  await integration.getByRole("button", { name: "Remove" }).click();
  const confirm = page.getByRole("dialog", { name: /^Remove / });
  await expect(confirm).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Remove confirmation");
  await confirm.getByRole("button", { name: "No" }).click();
  await expect(confirm).toBeHidden();

  // The viewer's read-only view of the same pages.
  await signInAs(page, "viewer");
  await panel(page, acmeId, "Book Integrations");
  await expectNoSeriousA11yViolations(page, "Book Integrations, read-only");
  await panel(page, acmeId, "User Connections");
  await expectNoSeriousA11yViolations(page, "User Connections, read-only");
  await page.goto(`/books/${acmeId}`);
  await expectNoSeriousA11yViolations(page, "a Book page, read-only");
});

test("the Pluggy Connect stand-in, inside its iframe", async ({ page }) => {
  await signInAsDemo(page, "client");
  if (!acmeId) acmeId = await openBook(page, "Acme Ltd");
  await panel(page, acmeId, "Banks");
  await page.getByRole("button", { name: "Brazil" }).click();
  await expect(page.getByRole("button", { name: "Brazil" })).toHaveAttribute("aria-pressed", "true");
  await expectNoSeriousA11yViolations(page, "Banks in Brazil");
  await page.getByLabel("Search banks").fill("Pluggy Bank");
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: /^Pluggy Bank/ }).first().click();

  const frame = page.frameLocator(PLUGGY_FRAME);
  const chooser = frame.getByRole("heading", { name: "Choose your bank" });
  const signIn = frame.getByRole("heading", { name: "Sign in to your bank" });
  await expect(chooser.or(signIn)).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the page with Pluggy Connect open");
  await expectNoSeriousA11yViolations(page, "inside the Pluggy Connect iframe", { include: [[PLUGGY_FRAME, "main"]] });
  await expect(signIn).toBeVisible();
  // A login that asks for a token: the MFA step. (A wrong login closes the widget: the portal shows the error.)
  await frame.getByLabel("Username").fill("user-mfa");
  await frame.getByLabel("Password").fill("password-ok");
  await frame.getByRole("button", { name: "Continue" }).click();
  await expect(frame.getByRole("heading", { name: "Confirm it is you" })).toBeVisible({ timeout: 60_000 });
  await expectNoSeriousA11yViolations(page, "inside the Pluggy Connect iframe: MFA", { include: [[PLUGGY_FRAME, "main"]] });
  await frame.getByRole("button", { name: "Close" }).click();
  await expect(page.locator(PLUGGY_FRAME)).toHaveCount(0);

  // The bank chooser: Pluggy Connect opened without a bank, from the sandbox page.
  await page.goto("/sandbox");
  await page.getByRole("button", { name: "Open Pluggy Connect", exact: true }).click();
  await expect(frame.getByRole("heading", { name: "Choose your bank" })).toBeVisible({ timeout: 30_000 });
  await expectNoSeriousA11yViolations(page, "inside the Pluggy Connect iframe: bank chooser", { include: [[PLUGGY_FRAME, "main"]] });
  await frame.getByRole("button", { name: "Close" }).click();
  await expect(page.locator(PLUGGY_FRAME)).toHaveCount(0);

  await page.goto("/sandbox/pluggy/connect");
  await expect(page.getByRole("heading", { name: "Pluggy Connect (sandbox)" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the Pluggy Connect page on its own");
});

test("the audit trail page, when there is one", async ({ page }) => {
  await signInAsDemo(page, "client");
  if (!acmeId) acmeId = await openBook(page, "Acme Ltd");
  const res = await page.goto(`/books/${acmeId}/settings/audit`);
  test.skip(res?.status() === 404, "no audit trail page in this build");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, "the audit trail page");
});

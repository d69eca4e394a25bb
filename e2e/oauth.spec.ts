import { expect, test, type Page } from "@playwright/test";
import { DEMO, openBook, signInAsDemo } from "./support/auth";
import { sandboxControl } from "./support/sandbox";

/**
 * Plaid OAuth end to end: Link sends the browser to the sandbox bank's consent page, Approve / Deny
 * sends it back to the portal's redirect URI (/oauth/plaid?oauth_state_id=…), and the return page
 * re-opens Link with the same link token (found from the signed-in user) and receivedRedirectUri.
 */
test.describe.configure({ mode: "serial" });

// Banks no other spec uses, so parallel specs never share sandbox items.
const DE_BANK = "Hanse Direktbank";
const DE_BANK_FRESH = "Bayerische Alpenbank";
const DE_BANK_DENIED = "Spreewald Bank";
const US_OAUTH_BANK = "Platypus OAuth Bank";

const connection = (page: Page, name: string) => page.getByRole("article", { name });

async function openBanks(page: Page): Promise<string> {
  const bookId = await openBook(page, "Acme Ltd");
  await page.goto(`/books/${bookId}/automations/banks`);
  await expect(page.getByRole("heading", { name: "Banks", level: 3 })).toBeVisible();
  return bookId;
}

/** Banks → country → bank → Plaid's "You will be sent to <bank>" → Continue → the bank's consent page. */
async function leaveForBank(page: Page, country: string, bank: string): Promise<void> {
  await page.getByRole("button", { name: country, exact: true }).click();
  await page.getByLabel("Search banks").fill(bank);
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: bank }).click();
  await leaveFromLink(page, bank);
}

async function leaveFromLink(page: Page, bank: string): Promise<void> {
  const handOff = page.getByRole("dialog", { name: `You will be sent to ${bank}` });
  await expect(handOff).toBeVisible();
  await handOff.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: bank, level: 1 })).toBeVisible();
  await expect(page.getByRole("group", { name: "Which accounts to share" }).or(page.getByText("Accounts shared"))).toBeVisible();
}

/**
 * Holds the bank's redirect back to the portal instead of following it (the user opens the link
 * elsewhere): the consent answer is sent, its 303 is read, and the page shows a plain note instead.
 */
async function catchReturn(page: Page, click: () => Promise<void>): Promise<string> {
  let caught = "";
  await page.route(/\/sandbox\/plaid\/oauth\//, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    caught = new URL(response.headers()["location"] ?? "", route.request().url()).toString();
    await route.fulfill({ status: 200, contentType: "text/html", body: "<p>Answer sent to the bank.</p>" });
  });
  await click();
  await expect.poll(() => caught).toMatch(/\/oauth\/plaid\?oauth_state_id=/);
  await page.unrouteAll({ behavior: "wait" });
  return caught;
}

async function expectConnected(page: Page, bank: string, again = false): Promise<void> {
  await expect(page).toHaveURL(/\/automations\/connections\?connected=/);
  await expect(page.getByRole("status").filter({ hasText: bank }).first()).toContainText(again ? `${bank} is connected again.` : `${bank} is connected`);
  await expect(connection(page, bank)).toContainText("Connected");
  await expect(connection(page, bank).getByTestId("institution-account")).not.toHaveCount(0);
}

const exchangedItems = async (page: Page, bank: string) => (await sandboxControl(page)).plaid!.items.filter((i) => i.institutionName === bank && i.exchanged);

let usReturnUrl = "";

test("a German bank connects through the bank's consent page and the return page, in the same tab", async ({ page }) => {
  await signInAsDemo(page, "client");
  await openBanks(page);
  await leaveForBank(page, "Germany", DE_BANK);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page).toHaveURL(/\/oauth\/plaid\?oauth_state_id=|\/automations\/connections/);
  await expectConnected(page, DE_BANK);
  expect(page.url()).not.toMatch(/link-/);
  expect(await exchangedItems(page, DE_BANK)).toHaveLength(1);
});

test("the US Platypus OAuth Bank connects; the return opened in a fresh page of the signed-in browser finishes it", async ({ page, context }) => {
  await signInAsDemo(page, "client");
  await openBanks(page);
  await leaveForBank(page, "United States", US_OAUTH_BANK);
  usReturnUrl = await catchReturn(page, () => page.getByRole("button", { name: "Approve" }).click());
  const fresh = await context.newPage();
  await fresh.goto(usReturnUrl);
  await expectConnected(fresh, US_OAUTH_BANK);
  expect(await exchangedItems(fresh, US_OAUTH_BANK)).toHaveLength(1);
  await fresh.close();
});

test("a German bank's return opened in a fresh page connects too", async ({ page, context }) => {
  await signInAsDemo(page, "client");
  await openBanks(page);
  await leaveForBank(page, "Germany", DE_BANK_FRESH);
  const url = await catchReturn(page, () => page.getByRole("button", { name: "Approve" }).click());
  const fresh = await context.newPage();
  await fresh.goto(url);
  await expectConnected(fresh, DE_BANK_FRESH);
  await fresh.close();
});

test("a replayed return URL completes nothing twice and says so", async ({ page }) => {
  await signInAsDemo(page, "client");
  await page.goto(usReturnUrl);
  const alert = page.getByRole("alert").filter({ hasText: "No bank sign-in is waiting for you" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("nothing was connected");
  expect(await exchangedItems(page, US_OAUTH_BANK)).toHaveLength(1);
});

test("Reconnect of an OAuth item (login required) goes through the bank and the return page, same connection", async ({ page }) => {
  await signInAsDemo(page, "client");
  const bookId = await openBook(page, "Acme Ltd");
  await page.goto(`/books/${bookId}/automations/connections`);
  const card = connection(page, US_OAUTH_BANK);
  const connectionId = await card.getAttribute("data-connection-id");
  const item = (await exchangedItems(page, US_OAUTH_BANK))[0]!;
  await sandboxControl(page, { action: "plaid.loginRequired", itemId: item.itemId });
  await expect(async () => {
    await page.reload();
    await expect(connection(page, US_OAUTH_BANK)).toContainText("Login required", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  await connection(page, US_OAUTH_BANK).getByRole("button", { name: "Reconnect" }).click();
  await leaveFromLink(page, US_OAUTH_BANK);
  await page.getByRole("button", { name: "Approve" }).click();
  await expectConnected(page, US_OAUTH_BANK, true);
  expect(await connection(page, US_OAUTH_BANK).getAttribute("data-connection-id")).toBe(connectionId);
  await expect(connection(page, US_OAUTH_BANK).getByRole("button", { name: "Reconnect" })).toHaveCount(0);
  const after = await exchangedItems(page, US_OAUTH_BANK);
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ itemId: item.itemId, status: "OK" });
});

test("denying consent at the bank creates nothing and says so, with a way back to Banks", async ({ page }) => {
  await signInAsDemo(page, "client");
  const bookId = await openBanks(page);
  await leaveForBank(page, "Germany", DE_BANK_DENIED);
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page).toHaveURL(/\/oauth\/plaid\?oauth_state_id=/);
  // Plaid Link tells the user first; Exit hands the error to the app.
  const notDone = page.getByRole("dialog", { name: "Connection not completed" });
  await expect(notDone).toBeVisible();
  await notDone.getByRole("button", { name: "Exit" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "You did not give consent at your bank, so nothing was connected." })).toBeVisible();
  await page.getByRole("link", { name: "Back to Banks" }).click();
  await expect(page).toHaveURL(new RegExp(`/books/${bookId}/automations/banks`));
  expect(await exchangedItems(page, DE_BANK_DENIED)).toHaveLength(0);
  await page.goto(`/books/${bookId}/automations/connections`);
  await expect(connection(page, DE_BANK_DENIED)).toHaveCount(0);
});

test("signed out, the return page goes through sign-in and back to the same URL; someone else finds nothing waiting", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/oauth/plaid?oauth_state_id=oauth-state-from-elsewhere");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  expect(decodeURIComponent(page.url())).toContain("/oauth/plaid?oauth_state_id=oauth-state-from-elsewhere");
  await page.getByRole("button", { name: `Sign in as ${DEMO.viewer.name}` }).click();
  await expect(page).toHaveURL(/\/oauth\/plaid\?oauth_state_id=oauth-state-from-elsewhere/);
  await expect(page.getByRole("alert").filter({ hasText: "No bank sign-in is waiting for you" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to your Books" })).toBeVisible();
  await context.close();
});

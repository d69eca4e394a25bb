import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { openBook, signInAsDemo } from "./support/auth";
import { sandboxControl } from "./support/sandbox";

/**
 * User Connections in sandbox mode, through the real react-plaid-link and react-pluggy-connect
 * (with the app's Link and Connect stand-ins), clicked by their visible labels.
 */
test.describe.configure({ mode: "serial" });


async function goToAutomations(page: Page, panel: "Banks" | "User Connections" | "Book Integrations"): Promise<string> {
  const bookId = await openBook(page, "Acme Ltd");
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("menuitem", { name: "Automations" }).click();
  await page.getByRole("navigation", { name: "Automations" }).getByRole("link", { name: panel }).click();
  await expect(page.getByRole("heading", { name: panel, level: 3 })).toBeVisible();
  return bookId;
}

const connection = (page: Page, name: string) => page.getByRole("article", { name });

/** Name, number, type and balance of each account row (not the Link Account column, which lists the Book's Accounts). */
const accountCells = (card: ReturnType<typeof connection>) =>
  card.getByTestId("institution-account").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].slice(0, 4).map((td) => td.textContent ?? "")));

let plaidConnectionId = "";
// Banks no other spec uses, so parallel specs never share sandbox items.
const PLAID_BANK = "Prairie Lantern Bank";
const OTHER_BANK = "Bluebonnet National Bank";

test("the demo client connects a US bank through Plaid Link; it appears with its accounts", async ({ page }) => {
  await signInAsDemo(page, "client");
  await goToAutomations(page, "Banks");
  await expect(page.getByRole("button", { name: "United States" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "United States" })).toHaveClass(/bg-emerald-600/);
  await page.getByLabel("Search banks").fill("prairie");
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: PLAID_BANK }).click();

  const dialog = page.getByRole("dialog", { name: "Enter your credentials" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Username").fill("user_good");
  await dialog.getByLabel("Password").fill("pass_good");
  await dialog.getByRole("button", { name: "Continue" }).click();
  const accounts = page.getByRole("dialog", { name: "Select accounts" });
  await expect(accounts).toBeVisible();
  await accounts.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/automations\/connections\?connected=/);
  await expect(page.getByRole("status")).toContainText(`${PLAID_BANK} is connected`);
  const card = connection(page, PLAID_BANK);
  await expect(card).toContainText("Connected");
  await expect(card.getByTestId("institution-account")).not.toHaveCount(0);
  expect(await card.getByTestId("institution-account").count()).toBeGreaterThanOrEqual(3);
  await expect(card).toContainText("Credit card");
  await expect(card).toContainText("•••• ");
  plaidConnectionId = (await card.getAttribute("data-connection-id"))!;
  expect(plaidConnectionId).toMatch(/^[a-z0-9]+$/);
  const state = await sandboxControl(page);
  expect(state.plaid?.items.filter((i) => i.institutionName === PLAID_BANK && i.exchanged)).toHaveLength(1);
});

test("the demo client connects a Brazilian bank through Pluggy Connect", async ({ page }) => {
  await signInAsDemo(page, "client");
  await goToAutomations(page, "Banks");
  await page.getByRole("button", { name: "Brazil" }).click();
  await expect(page.getByRole("button", { name: "Brazil" })).toHaveAttribute("aria-pressed", "true");
  await page.getByLabel("Search banks").fill("Pluggy Bank");
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: /^Pluggy Bank/ }).first().click();

  const frame = page.frameLocator('iframe[name^="__zoid__pluggy_connect_widget__"]');
  const chooser = frame.getByRole("heading", { name: "Choose your bank" });
  const signIn = frame.getByRole("heading", { name: "Sign in to your bank" });
  await expect(chooser.or(signIn)).toBeVisible();
  if (await chooser.isVisible()) await frame.getByRole("button", { name: /^Pluggy Bank/ }).first().click();
  await expect(signIn).toBeVisible();
  await frame.getByLabel("Username").fill("user-ok");
  await frame.getByLabel("Password").fill("password-ok");
  await frame.getByRole("button", { name: "Continue" }).click();

  await expect(page).toHaveURL(/\/automations\/connections\?connected=/, { timeout: 30_000 });
  const card = page.getByRole("article", { name: /^Pluggy Bank/ });
  await expect(card).toContainText("Connected");
  await expect(card).toContainText("R$");
  await expect(connection(page, PLAID_BANK)).toBeVisible();
});

test("login required at the bank → Login required → Reconnect → Connected again, same connection and accounts", async ({ page }) => {
  await signInAsDemo(page, "client");
  await goToAutomations(page, "User Connections");
  const card = connection(page, PLAID_BANK);
  const accountsBefore = await accountCells(card);
  const item = (await sandboxControl(page)).plaid!.items.find((i) => i.institutionName === PLAID_BANK && i.exchanged)!;

  // The sandbox signs and delivers ITEM/ERROR ITEM_LOGIN_REQUIRED to the app's verified webhook.
  await sandboxControl(page, { action: "plaid.loginRequired", itemId: item.itemId });
  await expect(async () => {
    await page.reload();
    await expect(connection(page, PLAID_BANK)).toContainText("Login required", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(connection(page, PLAID_BANK).getByRole("button", { name: "Reconnect" })).toBeVisible();

  await connection(page, PLAID_BANK).getByRole("button", { name: "Reconnect" }).click();
  // Plaid Link in update mode: the same bank, sign in again.
  const dialog = page.getByRole("dialog", { name: "Reconnect your account" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Username").fill("user_good");
  await dialog.getByLabel("Password").fill("pass_good");
  await dialog.getByRole("button", { name: "Continue" }).click();
  const selection = page.getByRole("dialog", { name: "Select accounts" });
  if (await selection.isVisible().catch(() => false)) await selection.getByRole("button", { name: "Continue" }).click();

  await expect(connection(page, PLAID_BANK).getByRole("status")).toContainText(`${PLAID_BANK} is connected again.`);
  await expect(connection(page, PLAID_BANK)).toContainText("Connected");
  await expect(connection(page, PLAID_BANK).getByRole("button", { name: "Reconnect" })).toHaveCount(0);
  expect(await connection(page, PLAID_BANK).getAttribute("data-connection-id")).toBe(plaidConnectionId);
  expect(await accountCells(connection(page, PLAID_BANK))).toEqual(accountsBefore);
  const after = await sandboxControl(page);
  expect(after.plaid!.items.filter((i) => i.institutionName === PLAID_BANK && i.exchanged)).toHaveLength(1);
  expect(after.plaid!.items.find((i) => i.itemId === item.itemId)?.status).toBe("OK");
});

test("the bookkeeper sees the client's shared connection without Reconnect or Disconnect; the viewer too", async ({ page }) => {
  for (const who of ["bookkeeper", "viewer"] as const) {
    await signInAsDemo(page, who);
    await goToAutomations(page, "User Connections");
    const card = connection(page, PLAID_BANK);
    await expect(card).toContainText("Shared by Clara Client");
    await expect(card.getByTestId("institution-account")).not.toHaveCount(0);
    await expect(card.getByRole("button", { name: "Reconnect" })).toHaveCount(0);
    await expect(card.getByRole("button", { name: "Disconnect" })).toHaveCount(0);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/signin/);
  }
});

test("connecting the same login again offers Reconnect instead of a duplicate", async ({ page }) => {
  await signInAsDemo(page, "client");
  await goToAutomations(page, "Banks");
  await page.getByLabel("Search banks").fill("prairie");
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: PLAID_BANK }).click();
  const dialog = page.getByRole("dialog", { name: "Enter your credentials" });
  await dialog.getByLabel("Username").fill("user_good");
  await dialog.getByLabel("Password").fill("pass_good");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("dialog", { name: "Select accounts" }).getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("status").filter({ hasText: "already connected" })).toContainText(`You already connected this login at ${PLAID_BANK}`);
  await page.getByRole("link", { name: "Go to the connection" }).click();
  await expect(page.getByRole("article", { name: PLAID_BANK })).toHaveCount(1);
});

test("wrong credentials and closing the widget leave nothing half-created; the user can try again", async ({ page }) => {
  await signInAsDemo(page, "client");
  await goToAutomations(page, "Banks");
  const before = (await sandboxControl(page)).plaid!.items.filter((i) => i.institutionName === OTHER_BANK).length;
  await page.getByLabel("Search banks").fill("bluebonnet");
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: OTHER_BANK }).click();
  const dialog = page.getByRole("dialog", { name: "Enter your credentials" });
  await dialog.getByLabel("Username").fill("user_good");
  await dialog.getByLabel("Password").fill("wrong");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("not correct");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Banks" }).getByRole("button", { name: OTHER_BANK })).toBeEnabled();
  expect((await sandboxControl(page)).plaid!.items.filter((i) => i.institutionName === OTHER_BANK).length).toBe(before);
  await page.goto(page.url().replace(/banks$/, "connections"));
  await expect(page.getByRole("article", { name: OTHER_BANK })).toHaveCount(0);
});

test("no provider token or item id appears in any page, RSC payload or server log line", async ({ page, baseURL }) => {
  const port = new URL(baseURL!).port;
  // The sandbox's own state holds the real secrets it issued: Plaid access tokens, Pluggy item ids.
  const sandboxState = JSON.parse(fs.readFileSync(`.test-data/e2e-${port}/sandbox.json`, "utf8")) as {
    sections: { plaid: { items: Record<string, { accessToken: string; itemId: string }> }; pluggy?: { items?: Record<string, unknown> } };
  };
  const secrets = [
    ...Object.values(sandboxState.sections.plaid.items).map((i) => i.accessToken),
    ...Object.keys(sandboxState.sections.pluggy?.items ?? {}),
  ];
  expect(secrets.length).toBeGreaterThanOrEqual(2);
  for (const who of ["client", "bookkeeper"] as const) {
    await signInAsDemo(page, who);
    const bookId = await goToAutomations(page, "User Connections");
    for (const path of ["automations/connections", "automations/banks", "automations/integrations", ""]) {
      const url = `/books/${bookId}/${path}`;
      const bodies = [await (await page.request.get(url)).text(), await (await page.request.get(url, { headers: { RSC: "1" } })).text(), await page.content()];
      for (const body of bodies) for (const secret of secrets) expect(body.includes(secret), `${secret} in ${url} for ${who}`).toBe(false);
    }
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
  }
  const log = fs.readFileSync(`.test-data/e2e-${port}.log`, "utf8");
  expect(log.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(log.includes(secret), `${secret} in the server log`).toBe(false);
});

test("Disconnect → Yes: the connection leaves the list and the sandbox item is removed", async ({ page }) => {
  await signInAsDemo(page, "client");
  await goToAutomations(page, "User Connections");
  const item = (await sandboxControl(page)).plaid!.items.find((i) => i.institutionName === PLAID_BANK && i.exchanged)!;
  await connection(page, PLAID_BANK).getByRole("button", { name: "Disconnect" }).click();
  const confirm = page.getByRole("dialog", { name: `Disconnect ${PLAID_BANK}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Yes" }).click();
  await expect(connection(page, PLAID_BANK)).toHaveCount(0);
  expect((await sandboxControl(page)).plaid!.items.find((i) => i.itemId === item.itemId)).toBeUndefined();
});

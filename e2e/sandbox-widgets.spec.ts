import fs from "node:fs";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import { signInAsDemo, signInWithEmail } from "./support/auth";
import { plaidItemFor, plaidKeyHeaders, pluggyItemFor, sandboxControl } from "./support/sandbox";

/**
 * The sandbox banks in the browser: the real react-plaid-link against the Plaid Link stand-in,
 * the real react-pluggy-connect against the Pluggy Connect stand-in page, and the control page.
 * SANDBOX_SCREENSHOTS=1 saves a screenshot of each widget step in test-results/sandbox-screens/.
 */

const SHOTS = process.env.SANDBOX_SCREENSHOTS === "1";

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync("test-results/sandbox-screens", { recursive: true });
  await page.screenshot({ path: `test-results/sandbox-screens/${name}.png`, fullPage });
}

async function openSandboxPage(page: Page): Promise<void> {
  await signInAsDemo(page, "client");
  await page.goto("/sandbox");
  await expect(page.getByRole("heading", { name: "Sandbox banks", level: 1 })).toBeVisible();
}

async function openPlaidLink(page: Page) {
  await page.getByRole("button", { name: "Open Plaid Link" }).click();
  const dialog = page.getByRole("dialog", { name: "Select your bank" });
  await expect(dialog).toBeVisible();
  return page.getByRole("dialog");
}


test.describe("Plaid Link stand-in through react-plaid-link", () => {
  test("a US bank, user_good / pass_good, all accounts: onSuccess gets a public token", async ({ page }) => {
    await openSandboxPage(page);
    const dialog = await openPlaidLink(page);
    await expect(dialog).toHaveAttribute("aria-modal", "true");
    // Focus moved into the dialog (the search field).
    await expect(dialog.getByLabel("Search for your bank")).toBeFocused();
    await shot(page, "plaid-1-select");

    await dialog.getByLabel("Search for your bank").fill("platypus");
    await dialog.getByRole("button", { name: /^First Platypus Bank/ }).click();
    await expect(page.getByRole("dialog", { name: "Enter your credentials" })).toBeVisible();
    await dialog.getByLabel("Username").fill("user_good");
    await dialog.getByLabel("Password").fill("pass_good");
    await shot(page, "plaid-2-credentials");
    await dialog.getByRole("button", { name: "Continue" }).click();

    await expect(page.getByRole("dialog", { name: "Select accounts" })).toBeVisible();
    const boxes = dialog.getByRole("checkbox");
    expect(await boxes.count()).toBeGreaterThan(1);
    for (const box of await boxes.all()) await expect(box).toBeChecked();
    await shot(page, "plaid-3-accounts");
    await dialog.getByRole("button", { name: "Continue" }).click();

    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByTestId("plaid-public-token")).toHaveText(/^public-sandbox-/);
    await expect(page.getByTestId("plaid-link-result")).toContainText("First Platypus Bank (ins_109508)");
    await expect(page.getByTestId("plaid-link-events")).toContainText("OPEN");
    await expect(page.getByTestId("plaid-link-events")).toContainText("SELECT_INSTITUTION");
    await expect(page.getByTestId("plaid-link-events")).toContainText("SUBMIT_CREDENTIALS");
    await expect(page.getByTestId("plaid-link-events")).toContainText("HANDOFF");
    await shot(page, "plaid-4-result");

    // The page exchanges it through the official client; the item then shows on the control page.
    await page.getByRole("button", { name: "Exchange the public token" }).click();
    await expect(page.getByTestId("plaid-link-result")).toContainText("Exchanged: item");
    await expect(page.getByRole("table", { name: "Plaid sandbox items" })).toContainText("First Platypus Bank");
  });

  test("a wrong password shows the error in the dialog and a retry succeeds; MFA asks for a code", async ({ page }) => {
    await openSandboxPage(page);
    const dialog = await openPlaidLink(page);
    await dialog.getByRole("button", { name: /^Tartan Bank/ }).click();
    await dialog.getByLabel("Username").fill("user_good");
    await dialog.getByLabel("Password").fill("wrong-password");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(dialog.getByRole("alert")).toContainText("The provided credentials were not correct");
    await expect(dialog.getByLabel("Username")).toHaveValue("user_good");
    await expect(dialog.getByLabel("Password")).toBeFocused();
    await shot(page, "plaid-5-wrong-password");

    // Retry as the MFA user: a code step first.
    await dialog.getByLabel("Username").fill("user_mfa");
    await dialog.getByLabel("Password").fill("pass_good");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("dialog", { name: "Enter your code" })).toBeVisible();
    await dialog.getByLabel("Code").fill("0000");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(dialog.getByRole("alert")).toContainText("not correct");
    await dialog.getByLabel("Code").fill("1234");
    await shot(page, "plaid-6-mfa");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("dialog", { name: "Select accounts" })).toBeVisible();
    // Keep only the first account.
    const boxes = await dialog.getByRole("checkbox").all();
    for (const box of boxes.slice(1)) await box.uncheck();
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByTestId("plaid-public-token")).toHaveText(/^public-sandbox-/);
    await expect(page.getByTestId("plaid-link-events")).toContainText("ERROR");
  });

  test("Escape and Exit close Link and call onExit (null, or Plaid's error object)", async ({ page }) => {
    await openSandboxPage(page);
    await openPlaidLink(page);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByTestId("plaid-exit-error")).toHaveText("No error (the user closed Link).");
    await expect(page.getByTestId("plaid-link-events")).toContainText("EXIT");
    // Focus went back to the page.
    await expect(page.getByRole("button", { name: "Open Plaid Link" })).toBeFocused();

    const dialog = await openPlaidLink(page);
    await dialog.getByLabel("Search for your bank").fill("down");
    await dialog.getByRole("button", { name: /Unhealthy Platypus Bank - Down/ }).click();
    await dialog.getByLabel("Username").fill("user_good");
    await dialog.getByLabel("Password").fill("pass_good");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("dialog", { name: "This bank is not available" })).toBeVisible();
    await shot(page, "plaid-7-institution-down");
    await dialog.getByRole("button", { name: "Exit" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByTestId("plaid-exit-error")).toContainText("INSTITUTION_DOWN");
    await expect(page.getByTestId("plaid-link-result")).toContainText("status: null");
  });

  test("a link token created with institution_id opens on that bank; an unknown token exits with INVALID_LINK_TOKEN", async ({ page }) => {
    await openSandboxPage(page);
    await page.getByLabel("Bank (optional)").selectOption({ label: "Houndstooth Bank" });
    await page.getByRole("button", { name: "Open Plaid Link" }).click();
    const dialog = page.getByRole("dialog", { name: "Enter your credentials" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("Houndstooth Bank");
    await expect(dialog.getByRole("button", { name: "Back" })).toBeHidden();
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("plaid-link-result")).toContainText("status: requires_credentials");

    // The stand-in itself, with a token the sandbox never issued.
    const exit = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          const handler = (window as unknown as { Plaid: { create(c: unknown): { open(): void } } }).Plaid.create({
            token: "link-sandbox-00000000-0000-0000-0000-000000000000",
            onSuccess: () => resolve("success?"),
            onExit: (err: unknown) => resolve(err),
          });
          handler.open();
        }),
    );
    expect(exit).toMatchObject({ error_code: "INVALID_LINK_TOKEN", error_type: "INVALID_INPUT" });
  });
});

test("Plaid Link update mode shows the item's institution and repairs ITEM_LOGIN_REQUIRED", async ({ page }) => {
  await openSandboxPage(page);
  const username = `upd_${Date.now()}`;
  const itemId = await plaidItemFor(page, { username });
  expect((await page.request.post("/sandbox/control", { data: { action: "plaid.loginRequired", itemId } })).ok()).toBe(true);
  await page.reload();
  const section = page.getByRole("region", { name: "Try Plaid Link" });
  await section.getByLabel("Update mode for").selectOption({ label: `Tartan Bank · ${username} (ITEM_LOGIN_REQUIRED)` });
  await section.getByRole("button", { name: "Open Plaid Link in update mode" }).click();
  const dialog = page.getByRole("dialog", { name: "Reconnect your account" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Tartan Bank");
  await expect(dialog.getByLabel("Username")).toHaveValue(username);
  await expect(dialog.getByLabel("Password")).toBeFocused();
  await shot(page, "plaid-8-update-mode");
  await dialog.getByLabel("Password").fill("pass_good");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("plaid-link-result")).toContainText("onSuccess (update mode");
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(itemId) })).toContainText("OK");
});

function connectFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[name^="__zoid__pluggy_connect_widget__"]');
}

test.describe("Pluggy Connect stand-in through react-pluggy-connect", () => {
  test("Pluggy Bank, user-ok / password-ok: onSuccess gets the item id; Close calls onClose", async ({ page }) => {
    await openSandboxPage(page);
    await page.getByRole("button", { name: "Open Pluggy Connect" }).click();
    const frame = connectFrame(page);
    await expect(frame.getByRole("heading", { name: "Choose your bank" })).toBeVisible();
    await shot(page, "pluggy-1-select");
    await frame.getByLabel("Search").fill("pluggy bank");
    await frame.getByRole("button", { name: /^Pluggy Bank Personal bank/ }).click();

    await expect(frame.getByRole("heading", { name: "Sign in to your bank" })).toBeVisible();
    await frame.getByLabel("Username").fill("user-ok");
    await frame.getByLabel("Password").fill("password-ok");
    await shot(page, "pluggy-2-credentials");
    await frame.getByRole("button", { name: "Continue" }).click();

    await expect(frame.getByRole("heading", { name: "Connected!" })).toBeVisible();
    await expect(page.getByTestId("pluggy-item-id")).toHaveText(/^[0-9a-f-]{36}$/);
    await expect(page.getByTestId("pluggy-connect-result")).toContainText("UPDATED");
    await expect(page.getByTestId("pluggy-connect-events")).toContainText("SELECTED_INSTITUTION → SUBMITTED_LOGIN → ITEM_RESPONSE → LOGIN_SUCCESS");
    await shot(page, "pluggy-3-success");

    await frame.getByRole("button", { name: "Close" }).first().click();
    await expect(page.getByTestId("pluggy-connect-result")).toContainText("onClose called.");
    await expect(page.locator('iframe[name^="__zoid__pluggy_connect_widget__"]')).toHaveCount(0);
  });

  test("a wrong password ends in onError with the item; Try again with the MFA user succeeds", async ({ page }) => {
    await openSandboxPage(page);
    await page.getByRole("button", { name: "Open Pluggy Connect" }).click();
    const frame = connectFrame(page);
    await frame.getByRole("button", { name: /^Banco Ipê/ }).click();
    await frame.getByLabel("Username").fill("user-ok");
    await frame.getByLabel("Password").fill("wrong");
    await frame.getByRole("button", { name: "Continue" }).click();
    await expect(frame.getByRole("heading", { name: "We could not connect" })).toBeVisible();
    await expect(page.getByTestId("pluggy-error")).toContainText("item");
    await shot(page, "pluggy-4-error");

    await frame.getByRole("button", { name: "Try again" }).click();
    await frame.getByLabel("Username").fill("user-mfa");
    await frame.getByLabel("Password").fill("password-ok");
    await frame.getByRole("button", { name: "Continue" }).click();
    await expect(frame.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await frame.getByLabel("Token").fill("123456");
    await shot(page, "pluggy-5-mfa");
    await frame.getByRole("button", { name: "Continue" }).click();
    await expect(frame.getByRole("heading", { name: "Connected!" })).toBeVisible();
    await expect(page.getByTestId("pluggy-item-id")).toHaveText(/^[0-9a-f-]{36}$/);
  });

  test("update mode goes straight to the item's bank and brings a LOGIN_ERROR item back", async ({ page }) => {
    await openSandboxPage(page);
    // An item of the portal's own Pluggy client, as a connection made from a Book would be.
    const itemId = await pluggyItemFor(page, 205);
    expect((await page.request.post("/sandbox/control", { data: { action: "pluggy.settleAll" } })).ok()).toBe(true);
    expect((await page.request.post("/sandbox/control", { data: { action: "pluggy.loginError", itemId } })).ok()).toBe(true);
    await page.reload();

    const section = page.getByRole("region", { name: "Try Pluggy Connect" });
    await section.getByLabel("Update mode for").selectOption({ value: itemId });
    await section.getByRole("button", { name: "Open Pluggy Connect in update mode" }).click();
    const frame = connectFrame(page);
    await expect(frame.getByRole("heading", { name: "Reconnect your bank" })).toBeVisible();
    await expect(frame.getByText("Banco Cerrado").first()).toBeVisible();
    await expect(frame.getByRole("button", { name: "Back" })).toHaveCount(0);
    await shot(page, "pluggy-6-update-mode");
    await frame.getByLabel("Username").fill("user-ok");
    await frame.getByLabel("Password").fill("password-ok");
    await frame.getByRole("button", { name: "Continue" }).click();
    await expect(frame.getByRole("heading", { name: "Connected!" })).toBeVisible();
    await expect(page.getByTestId("pluggy-item-id")).toHaveText(itemId);
    await frame.getByRole("button", { name: "Close" }).first().click();
    await page.reload();
    await expect(page.getByRole("row", { name: new RegExp(itemId) })).toContainText("UPDATED");
  });
});

test.describe("control page", () => {
  test("puts a Plaid item and a Pluggy item into login required, and moves the clock", async ({ page }) => {
    await openSandboxPage(page);
    const itemId = await plaidItemFor(page, { username: `e2e_${Date.now()}` });

    // A Pluggy item through the Pluggy API (as the app's provider layer would create one).
    const pluggyId = await pluggyItemFor(page, 201);
    const settle = await page.request.post("/sandbox/control", { data: { action: "pluggy.settleAll" } });
    expect(settle.ok()).toBe(true);

    await page.reload();
    const row = page.getByRole("row", { name: new RegExp(itemId) });
    await expect(row).toContainText("OK");
    await row.getByRole("button", { name: "Put login required" }).click();
    await expect(page.getByTestId("sandbox-notice")).toContainText(`Plaid item ${itemId} is now in ITEM_LOGIN_REQUIRED`);
    await expect(row).toContainText("ITEM_LOGIN_REQUIRED");
    await expect(row.getByRole("button", { name: "Repair login" })).toBeVisible();

    const prow = page.getByRole("row", { name: new RegExp(pluggyId) });
    await expect(prow).toContainText("UPDATED");
    await prow.getByRole("button", { name: "Put login required" }).click();
    await expect(page.getByTestId("sandbox-notice")).toContainText("LOGIN_ERROR");
    await expect(prow).toContainText("INVALID_CREDENTIALS");
    await shot(page, "control-1-login-required", true);

    const before = await page.getByTestId("sandbox-now").textContent();
    await page.getByRole("button", { name: "Advance clock 1 day" }).click();
    await expect(page.getByTestId("sandbox-notice")).toContainText("Sandbox clock moved forward 1 day");
    await expect(page.getByTestId("sandbox-now")).not.toHaveText(before ?? "");

    // The JSON control route says the same.
    const state = await page.request.get("/sandbox/control");
    const body = await state.json();
    expect(body.data.plaid.items.find((i: { itemId: string }) => i.itemId === itemId).status).toBe("ITEM_LOGIN_REQUIRED");
    expect(body.data.pluggy.items.find((i: { itemId: string }) => i.itemId === pluggyId).status).toBe("LOGIN_ERROR");
  });

  test("the JSON control route validates its input", async ({ page }) => {
    await signInAsDemo(page, "client");
    const request = page.request;
    const bad = await request.post("/sandbox/control", { data: { action: "plaid.loginRequired" } });
    expect(bad.status()).toBe(400);
    const unknown = await request.post("/sandbox/control", { data: { action: "plaid.loginRequired", itemId: "no-such-item" } });
    expect(unknown.status()).toBe(404);
    const form = await request.post("/sandbox/control", { form: { action: "state" } });
    expect(form.status()).toBe(415);
  });
});

test.describe("the sandbox's access rules (issue 15)", () => {
  test("signed out, the control route answers 401 and the page asks to sign in; another website is refused", async ({ request, page }) => {
    expect((await request.get("/sandbox/control")).status()).toBe(401);
    expect((await request.post("/sandbox/control", { data: { action: "clock.advance", days: 1 } })).status()).toBe(401);
    await page.goto("/sandbox");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsandbox/);
    // A page elsewhere posting text/plain (no CORS preflight) to the Plaid sandbox: refused before anything is read.
    const evil = await request.post("/sandbox/plaid/sandbox/item/reset_login", {
      headers: { Origin: "http://evil.example", "Content-Type": "text/plain", ...plaidKeyHeaders() },
      data: JSON.stringify({ access_token: "access-sandbox-00000000-0000-4000-8000-000000000000" }),
    });
    expect(evil.status()).toBe(403);
    expect(await evil.json()).toMatchObject({ error_code: "INVALID_HEADERS" });
    // Other keys than this installation's: Plaid's INVALID_API_KEYS, Pluggy's 401.
    const keys = await request.post("/sandbox/plaid/institutions/get", { headers: { "PLAID-CLIENT-ID": "e2e", "PLAID-SECRET": "e2e" }, data: { count: 1, offset: 0, country_codes: ["US"] } });
    expect(await keys.json()).toMatchObject({ error_code: "INVALID_API_KEYS" });
    expect((await request.post("/sandbox/pluggy/auth", { data: { clientId: "bank-connections-sandbox", clientSecret: "sandbox-secret" } })).status()).toBe(401);
  });

  test("each person's console lists only their own items; another person's item id is not found", async ({ page, browser }) => {
    await openSandboxPage(page);
    const username = `mine_${Date.now()}`;
    const itemId = await plaidItemFor(page, { username });
    await page.reload();
    await expect(page.getByRole("row", { name: new RegExp(itemId) })).toContainText(username);

    const other = await browser.newContext();
    try {
      const stranger = await other.newPage();
      await signInWithEmail(stranger, `stranger-${Date.now()}@example.com`);
      await stranger.goto("/sandbox");
      await expect(stranger.getByRole("heading", { name: "Sandbox banks", level: 1 })).toBeVisible();
      await expect(stranger.getByRole("heading", { name: "Plaid items" })).toBeVisible();
      await expect(stranger.getByText("No Plaid items yet.")).toBeVisible();
      await expect(stranger.getByText(username)).toHaveCount(0);
      const state = await sandboxControl(stranger);
      expect(state.plaid!.items).toEqual([]);
      const foreign = await stranger.request.post("/sandbox/control", { data: { action: "plaid.loginRequired", itemId } });
      expect(foreign.status()).toBe(404);
      expect(await foreign.json()).toEqual({ ok: false, error: `There is no Plaid sandbox item ${itemId}.` });
      // Their Try Plaid Link offers no update mode for someone else's item.
      await expect(stranger.getByRole("region", { name: "Try Plaid Link" }).getByRole("option", { name: new RegExp(username) })).toHaveCount(0);
    } finally {
      await other.close();
    }
    await page.reload();
    await expect(page.getByRole("row", { name: new RegExp(itemId) })).toContainText("OK");
  });
});

import { expect, test } from "@playwright/test";
import { signInAsDemo } from "./support/auth";
import { automations, connectPlaidBank } from "./support/automations";

/**
 * Balance verification, the demo flow: the client connects a bank; the bookkeeper links its checking
 * account with an opening balance; Book Integrations and the connection card say "Balanced ✓" with
 * the day — by the visible labels.
 */
test.describe.configure({ mode: "serial" });

// A bank no other spec uses, so parallel specs never share its connection.
const BANK = "Chase";

test("the client connects a bank and shares it with Acme Ltd", async ({ page }) => {
  await signInAsDemo(page, "client");
  await automations(page, "Banks");
  await connectPlaidBank(page, "chase", BANK);
});

test("linked with an opening balance: Book Integrations and the connection card show Balanced ✓ with its date", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  await automations(page, "User Connections");
  const card = page.getByRole("article", { name: BANK });
  const checking = card.getByRole("row").filter({ hasText: "Bank account" }).filter({ hasText: /Checking/ }).first();
  await checking.getByRole("button", { name: "Link Account" }).click();
  const dialog = page.getByRole("dialog", { name: /^Link / });
  await dialog.getByLabel("Period of historical data").selectOption({ label: "Last 12 months" });
  await dialog.getByLabel(/Post an opening balance/).check();
  await dialog.getByRole("button", { name: "Save" }).click();

  await expect(page).toHaveURL(/\/automations\/integrations/);
  const integration = page.getByRole("article", { name: new RegExp(`^${BANK}`) });
  await expect(integration.getByTestId("integration-status")).toHaveText("Active", { timeout: 30_000 });
  const verification = integration.getByRole("region", { name: "Balance verification" });
  // The opening balance is drafted once the backfill is in: the verdict follows without a click.
  await expect(async () => {
    await page.reload();
    await expect(verification.getByTestId("verification-summary")).toHaveText(/^Balanced ✓ on \S+/, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(verification.getByTestId("verification-difference")).toHaveText("$0.00");
  await expect(verification.getByTestId("verification-first-divergent")).toHaveText("—");
  await expect(verification.getByTestId("verification-book")).toHaveText((await verification.getByTestId("verification-bank").textContent())!.replace(/as of.*$/, "").trim());

  await automations(page, "User Connections");
  const row = page.getByRole("article", { name: BANK }).getByRole("row").filter({ hasText: /Checking/ }).first();
  await expect(row.getByTestId("verification-summary")).toHaveText(/^Book: Balanced ✓ on \S+/);
});

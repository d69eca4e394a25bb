import { expect, test, type Page } from "@playwright/test";
import { openBook, signInAsDemo, signInWithEmail } from "./support/auth";

async function acmeId(page: Page): Promise<string> {
  await signInAsDemo(page, "client");
  const id = await openBook(page, "Acme Ltd");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
  return id;
}

test("the bookkeeper (EDITOR) opens Acme Ltd and can create an Account; a duplicate name is refused", async ({ page }) => {
  await signInAsDemo(page, "bookkeeper");
  await expect(page.getByRole("list", { name: "Your Books" }).getByRole("link")).toHaveCount(2);
  await openBook(page, "Acme Ltd");
  await expect(page.getByText("Editor", { exact: true })).toBeVisible();
  await page.getByLabel("Account name").fill("Petty Cash");
  await page.getByLabel("Type").selectOption("ASSET");
  await page.getByRole("button", { name: "Create Account" }).click();
  await expect(page.getByRole("status")).toContainText(/Account .Petty Cash. created\./);
  await expect(page.getByTestId("balance-Petty Cash")).toBeVisible();

  await page.getByLabel("Account name").fill("petty cash");
  await page.getByRole("button", { name: "Create Account" }).click();
  await expect(page.getByRole("status")).toContainText("already exists");
  await expect(page.getByTestId("balance-Petty Cash")).toHaveCount(1);

  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByRole("menuitem", { name: "Book settings" }).click();
  await expect(page.getByRole("table", { name: "Members" })).toContainText("viewer@example.com");
});

test("the viewer sees Acme Ltd read-only and is not allowed into its settings", async ({ page }) => {
  await signInAsDemo(page, "viewer");
  const bookId = await openBook(page, "Acme Ltd");
  await expect(page.getByText("View Only", { exact: true })).toBeVisible();
  await expect(page.getByText("Read-only: your role lets you view this Book.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create Account" })).toHaveCount(0);
  await page.goto(`/books/${bookId}/automations/connections`);
  await expect(page.getByRole("heading", { name: "User Connections" })).toBeVisible();
  const res = await page.goto(`/books/${bookId}/settings`);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("a user who is not a member gets not-found for every Acme Ltd URL, and malformed ids are not-found too", async ({ page }) => {
  const bookId = await acmeId(page);
  await signInWithEmail(page, "stranger@example.com");
  for (const path of ["", "/automations", "/automations/banks", "/automations/connections", "/automations/integrations", "/settings"]) {
    const res = await page.goto(`/books/${bookId}${path}`);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByText("Acme Ltd")).toHaveCount(0);
  }
  for (const bad of ["nope", "%27%3B--", "a".repeat(300), `${bookId}x`]) {
    const res = await page.goto(`/books/${bad}`);
    expect(res?.status(), bad).toBe(404);
  }
});

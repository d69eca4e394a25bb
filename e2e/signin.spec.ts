import { expect, test } from "@playwright/test";
import { DEMO, openBook, signInAsDemo, signInWithEmail } from "./support/auth";

test("a signed-out visitor is sent to sign-in and back to the page they asked for", async ({ page }) => {
  await signInAsDemo(page, "client");
  const bookId = await openBook(page, "Acme Ltd");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);

  await page.goto(`/books/${bookId}/automations/integrations`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByRole("button", { name: `Sign in as ${DEMO.client.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/books/${bookId}/automations/integrations$`));
  await expect(page.getByRole("heading", { name: "Book Integrations" })).toBeVisible();
});

test("the sign-in page offers the demo users and an Email field; a bad address gets a clear message", async ({ page }) => {
  await page.goto("/signin");
  for (const u of Object.values(DEMO)) await expect(page.getByRole("button", { name: `Sign in as ${u.name}` })).toBeVisible();
  await page.getByLabel("Email").fill("not an address");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address, like name@example.com.");
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email")).toHaveValue("not an address");
  await expect(page).toHaveURL(/\/signin/);
});

test("any address signs in on the sandbox and starts with no Books", async ({ page }) => {
  await signInWithEmail(page, "newcomer@example.com");
  await expect(page.getByRole("heading", { name: "Books", exact: true })).toBeVisible();
  await expect(page.getByText("No Books yet")).toBeVisible();
});

test("an open redirect in callbackUrl is ignored", async ({ page }) => {
  await page.goto("/signin?callbackUrl=https://evil.example/steal");
  await page.getByRole("button", { name: `Sign in as ${DEMO.viewer.name}` }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/books$/);
});

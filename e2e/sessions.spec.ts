import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO, signInAsDemo } from "./support/auth";

/**
 * Finding 5 of issue 15: a session cookie saved before sign-out kept serving /books for up to a week.
 * Now sign-out ends the session on the server: the saved cookie, restored in a fresh browser, is
 * sent to sign-in; and "Sign out everywhere" ends the user's sessions in other browsers too.
 */
const SESSION_COOKIE = "authjs.session-token";

async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "a session cookie after sign-in").toBeDefined();
  return cookie!;
}

/** A fresh browser holding only `cookie` (what someone who copied it would have). */
async function browserWith(browser: Browser, cookie: Awaited<ReturnType<typeof sessionCookie>>): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addCookies([cookie]);
  return context;
}

test("a cookie saved before sign-out no longer opens /books after it", async ({ page, context, browser }) => {
  await signInAsDemo(page, "poster");
  const saved = await sessionCookie(context);

  // Before sign-out the copy works (so the check below is about sign-out, not about copying).
  const copy = await browserWith(browser, saved);
  const before = await copy.newPage();
  await before.goto("/books");
  await expect(before.getByTestId("signed-in-as")).toContainText(DEMO.poster.email);
  await copy.close();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);

  const stolen = await browserWith(browser, saved);
  const after = await stolen.newPage();
  await after.goto("/books");
  await expect(after).toHaveURL(/\/signin\?callbackUrl=%2Fbooks/);
  await expect(after.getByTestId("signed-in-as")).toHaveCount(0);
  await stolen.close();
});

test("Sign out everywhere ends the user's session in another browser", async ({ page, browser }) => {
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await signInAsDemo(elsewhere, "recorder");
  await signInAsDemo(page, "recorder");

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await elsewhere.goto("/books");
  await expect(elsewhere).toHaveURL(/\/signin\?callbackUrl=%2Fbooks/);
  await expect(elsewhere.getByTestId("signed-in-as")).toHaveCount(0);
  await other.close();

  // Signing in again works as before.
  await signInAsDemo(page, "recorder");
});

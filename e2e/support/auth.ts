import { expect, type Page } from "@playwright/test";

export const DEMO = {
  client: { email: "client@example.com", name: "Clara Client" },
  bookkeeper: { email: "bookkeeper@example.com", name: "Bruno Bookkeeper" },
  viewer: { email: "viewer@example.com", name: "Vera Viewer" },
  poster: { email: "poster@example.com", name: "Paulo Poster" },
  recorder: { email: "recorder@example.com", name: "Rita Recorder" },
} as const;

/** Signs in with one click on a demo user, from the sign-in page. */
export async function signInAsDemo(page: Page, who: keyof typeof DEMO): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("button", { name: `Sign in as ${DEMO[who].name}` }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(DEMO[who].email);
}

/** Signs in by typing an address, as anyone can on the sandbox sign-in page. */
export async function signInWithEmail(page: Page, email: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(email);
}

/** Opens a Book from the Books list and returns its id. */
export async function openBook(page: Page, name: string): Promise<string> {
  await page.goto("/books");
  await page.getByRole("link", { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole("heading", { name: "Transactions" })).toBeVisible();
  const id = /\/books\/([a-z0-9]+)/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id!;
}

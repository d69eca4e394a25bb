import { expect, type Page } from "@playwright/test";
import { openBook } from "./auth";

export type AutomationsPanel = "Banks" | "User Connections" | "Book Integrations";

const PANEL_PATH: Record<AutomationsPanel, string> = { Banks: "banks", "User Connections": "connections", "Book Integrations": "integrations" };

/** Opens a panel of a Book's Automations (Acme Ltd unless told) by its address; returns the Book id. */
export async function automations(page: Page, panel: AutomationsPanel, book = "Acme Ltd"): Promise<string> {
  const bookId = await openBook(page, book);
  await page.goto(`/books/${bookId}/automations/${PANEL_PATH[panel]}`);
  await expect(page.getByRole("heading", { name: panel, level: 3 })).toBeVisible();
  return bookId;
}

export type BookRow = { remoteIds: string; date: string; status: string };

/** The transactions of one Account of a Book as the Book page lists them, every page (Next until there is none). */
export async function bookRows(page: Page, bookId: string, accountName: string): Promise<BookRow[]> {
  await page.goto(`/books/${bookId}`);
  await page.getByRole("link", { name: new RegExp(`^${accountName}`) }).click();
  await expect(page.getByRole("heading", { name: `Transactions — ${accountName}` })).toBeVisible();
  const rows: BookRow[] = [];
  for (;;) {
    rows.push(
      ...(await page.getByTestId("transaction-row").evaluateAll((trs) =>
        trs.map((r) => ({ remoteIds: r.getAttribute("data-remote-ids") ?? "", date: r.getAttribute("data-date") ?? "", status: r.querySelectorAll("td")[5]?.textContent ?? "" })),
      )),
    );
    const next = page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next" });
    if ((await next.count()) === 0) return rows;
    const url = page.url();
    await next.click();
    await expect(page).not.toHaveURL(url);
  }
}

/**
 * On Banks: searches, picks the bank and signs in through the Plaid Link stand-in with the sandbox's
 * good login, keeps every account, and waits for the connection to show Connected.
 */
export async function connectPlaidBank(page: Page, search: string, bank: string): Promise<void> {
  await page.getByLabel("Search banks").fill(search);
  await page.getByRole("list", { name: "Banks" }).getByRole("button", { name: bank, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Enter your credentials" });
  await dialog.getByLabel("Username").fill("user_good");
  await dialog.getByLabel("Password").fill("pass_good");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("dialog", { name: "Select accounts" }).getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/automations\/connections\?connected=/);
  await expect(page.getByRole("article", { name: bank })).toContainText("Connected");
}

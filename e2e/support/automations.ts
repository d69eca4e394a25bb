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

/** The transactions of one Account of a Book as the Book page lists them. */
export async function bookRows(page: Page, bookId: string, accountName: string): Promise<BookRow[]> {
  await page.goto(`/books/${bookId}`);
  await page.getByRole("link", { name: new RegExp(`^${accountName}`) }).click();
  await expect(page.getByRole("heading", { name: `Transactions — ${accountName}` })).toBeVisible();
  return page.getByTestId("transaction-row").evaluateAll((rows) =>
    rows.map((r) => ({ remoteIds: r.getAttribute("data-remote-ids") ?? "", date: r.getAttribute("data-date") ?? "", status: r.querySelector("td:last-child")?.textContent ?? "" })),
  );
}

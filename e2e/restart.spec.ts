import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openBook, signInWithEmail } from "./support/auth";
import { startServer, stopAllServers, waitUntilReady } from "./support/server";

// These start their own servers (on the build the suite already made) with their own data.
// Three server starts on a loaded 2-core machine take a while: give them room.
test.describe.configure({ mode: "serial", timeout: 180_000 });

const dataDir = path.resolve(".test-data/e2e-restart");

test.beforeAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
test.afterEach(stopAllServers);

test("data survives a restart, and a second process on the same data is refused with nothing lost", async ({ browser }) => {
  const first = await startServer({ port: 3221, dataDir });
  expect(await waitUntilReady(first)).toBe("ready");
  const context = await browser.newContext({ baseURL: first.url });
  const page = await context.newPage();

  // The bookkeeper's own Book; create an Account in it.
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in as Bruno Bookkeeper" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("bookkeeper@example.com");
  await openBook(page, "Bookkeeping Practice");
  await page.getByLabel("Account name").fill("Savings Reserve");
  await page.getByRole("button", { name: "Create Account" }).click();
  await expect(page.getByTestId("balance-Savings Reserve")).toBeVisible();

  // A second server on the same data dir must refuse at once, with a clear message.
  const second = await startServer({ port: 3222, dataDir });
  const outcome = await waitUntilReady(second);
  expect(outcome).toEqual({ exitCode: 1 });
  expect(second.output()).toContain("is already open in another process");
  expect(second.output()).not.toMatch(/\n\s+at /); // no stack trace
  // The first server is unaffected.
  await page.reload();
  await expect(page.getByTestId("balance-Savings Reserve")).toBeVisible();

  expect(await first.stop()).not.toBeNull();
  await context.close();

  const again = await startServer({ port: 3223, dataDir });
  expect(await waitUntilReady(again)).toBe("ready");
  const context2 = await browser.newContext({ baseURL: again.url });
  const page2 = await context2.newPage();
  await signInWithEmail(page2, "bookkeeper@example.com");
  await openBook(page2, "Bookkeeping Practice");
  await expect(page2.getByTestId("balance-Savings Reserve")).toBeVisible();
  await context2.close();
  await again.stop();
});

test("a malformed DATABASE_URL stops the server with one line naming it", async () => {
  const server = await startServer({ port: 3224, dataDir: path.resolve(".test-data/e2e-badenv"), env: { DATABASE_URL: "mysql://nope" } });
  const outcome = await waitUntilReady(server);
  expect(outcome).toEqual({ exitCode: 1 });
  const lines = server.output().split("\n").filter((l) => l.includes("cannot start"));
  expect(lines).toEqual(["Bank Connections cannot start: DATABASE_URL: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"]);
});

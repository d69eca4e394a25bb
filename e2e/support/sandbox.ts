import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export type SandboxState = {
  viewer: { userId: string; admin: boolean };
  plaid: { items: { itemId: string; institutionName: string; status: string; exchanged: boolean }[] } | null;
  pluggy: { items: { itemId: string; status: string }[] } | null;
};

/** Runs a sandbox control command (if given) through /sandbox/control, then returns the sandbox's overview (the signed-in user's items). */
export async function sandboxControl(page: Page, body?: object): Promise<SandboxState> {
  if (body) {
    const res = await page.request.post("/sandbox/control", { data: body });
    expect(res.ok(), await res.text()).toBe(true);
  }
  const res = await page.request.get("/sandbox/control");
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { data: SandboxState }).data;
}

type SandboxKeys = { plaid: { clientId: string; secret: string }; pluggy: { clientId: string; clientSecret: string } };

/**
 * The test server's generated sandbox API keys (its DATA_DIR/secrets.json, playwright.config.ts):
 * the sandbox banks take no others, as an app with real keys would send them.
 */
export function sandboxKeys(): SandboxKeys {
  const port = Number(process.env.E2E_PORT ?? 3210);
  const file = path.join(".test-data", `e2e-${port}`, "secrets.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { sandboxKeys: SandboxKeys }).sandboxKeys;
}

/** Plaid's key headers for direct calls to /sandbox/plaid/…. */
export function plaidKeyHeaders(): Record<string, string> {
  const k = sandboxKeys().plaid;
  return { "PLAID-CLIENT-ID": k.clientId, "PLAID-SECRET": k.secret };
}

/** A Pluggy api key of the app's own client (POST /sandbox/pluggy/auth with the generated keys). */
export async function pluggyApiKey(request: APIRequestContext): Promise<string> {
  const auth = await request.post("/sandbox/pluggy/auth", { data: sandboxKeys().pluggy });
  expect(auth.ok(), await auth.text()).toBe(true);
  return (await auth.json()).apiKey as string;
}

/** The signed-in user's id, as the sandbox sees it (items made for it are theirs). */
export async function sandboxViewerId(page: Page): Promise<string> {
  return (await sandboxControl(page)).viewer.userId;
}

/**
 * A connected Plaid item made through the sandbox API as the app would, for the signed-in user of
 * `page` (its client_user_id), so their console lists it.
 */
export async function plaidItemFor(page: Page, opts: { username: string; institutionId?: string }): Promise<string> {
  const headers = plaidKeyHeaders();
  const pub = await page.request.post("/sandbox/plaid/sandbox/public_token/create", {
    headers,
    data: {
      institution_id: opts.institutionId ?? "ins_109511",
      initial_products: ["transactions"],
      options: { override_username: opts.username, client_user_id: await sandboxViewerId(page) },
    },
  });
  expect(pub.ok(), await pub.text()).toBe(true);
  const ex = await page.request.post("/sandbox/plaid/item/public_token/exchange", { headers, data: { public_token: (await pub.json()).public_token } });
  expect(ex.ok(), await ex.text()).toBe(true);
  return (await ex.json()).item_id as string;
}

/** A Pluggy item of the app's client made through the Pluggy API for the signed-in user of `page`. */
export async function pluggyItemFor(page: Page, connectorId: number): Promise<string> {
  const apiKey = await pluggyApiKey(page.request);
  const created = await page.request.post("/sandbox/pluggy/items", {
    headers: { "X-API-KEY": apiKey },
    data: { connectorId, parameters: { user: "user-ok", password: "password-ok" }, clientUserId: await sandboxViewerId(page) },
  });
  expect(created.status(), await created.text()).toBe(200);
  return (await created.json()).id as string;
}

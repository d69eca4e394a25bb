import { expect, type Page } from "@playwright/test";

export type SandboxState = {
  plaid: { items: { itemId: string; institutionName: string; status: string; exchanged: boolean }[] } | null;
  pluggy: { items: { itemId: string; status: string }[] } | null;
};

/** Runs a sandbox control command (if given) through /sandbox/control, then returns the sandbox's overview. */
export async function sandboxControl(page: Page, body?: object): Promise<SandboxState> {
  if (body) {
    const res = await page.request.post("/sandbox/control", { data: body });
    expect(res.ok(), await res.text()).toBe(true);
  }
  const res = await page.request.get("/sandbox/control");
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { data: SandboxState }).data;
}

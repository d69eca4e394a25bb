"use server";

import { Products, type CountryCode, type LinkTokenCreateRequest } from "plaid";
import { z } from "zod";
import { userAction as portalAction } from "@/lib/app-context";
import type { TextActionResult } from "@/lib/auth/action";
import { inEnglish } from "@/lib/i18n/stored";
import { msg } from "@/lib/i18n/translate";
import { AppError } from "@/lib/errors";
import { createPlaidClient } from "@/lib/providers/plaid/client";
import { createPluggyClient } from "@/lib/providers/pluggy/client";
import { canSeeItem, ControlError, controlSchema, getSandbox, isSandboxEnabled, runControl, sandboxViewer } from "@/lib/sandbox/mount";
import { getSandboxApiKeys } from "@/lib/secrets";

/**
 * Server actions of the sandbox page (/sandbox): the controls, and the "try it" widgets' tokens,
 * created through the OFFICIAL SDK clients against the app's own sandbox URLs, with the
 * installation's sandbox keys (the app's own client: lib/providers uses the same). Every action
 * works on the signed-in user's own items only (a sandbox admin's: every item); another person's
 * item id is "not found", word for word as one that does not exist.
 */

/** The sandbox page speaks English (its own UI, app/sandbox and components/sandbox): its results carry English text. */
function userAction<S extends z.ZodType, T>(schema: S, handler: Parameters<typeof portalAction<S, T>>[1]) {
  const action = portalAction(schema, handler);
  return async (raw: unknown): Promise<TextActionResult<T>> => {
    const r = await action(raw);
    if (r.ok) return r;
    const fields = r.fields ? Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, inEnglish(v)])) : undefined;
    return { ok: false, code: r.code, message: inEnglish(r.message), ...(fields ? { fields } : {}) };
  };
}
const said = (text: string) => msg("common.asSent", { text });

function requireSandbox(provider?: "plaid" | "pluggy"): void {
  if (!isSandboxEnabled(provider)) throw new AppError("NOT_FOUND", said("The sandbox banks are off on this server."));
}

/** Reads a provider SDK failure as a message for the page (never the request: it holds the keys). */
function sdkFailure(err: unknown): AppError {
  const e = err as { response?: { status?: number; data?: { error_code?: string; error_message?: string } }; message?: string; code?: unknown; codeDescription?: string };
  const data = e?.response?.data;
  if (data?.error_code) return new AppError("CONFLICT", said(`Plaid sandbox: ${data.error_code} — ${data.error_message ?? ""}`.trim()));
  if (typeof e?.message === "string" && typeof e?.code === "number") return new AppError("CONFLICT", said(`Pluggy sandbox: ${e.codeDescription ?? e.code} — ${e.message}`));
  return new AppError("CONFLICT", said("The sandbox did not answer. Is the portal reachable at its APP_URL?"));
}

export const sandboxControl = userAction(controlSchema, async ({ input, user, app }) => {
  requireSandbox();
  try {
    const out = await runControl(input, sandboxViewer(user));
    app.revalidate("/sandbox");
    return out.message;
  } catch (err) {
    if (err instanceof ControlError) throw new AppError(err.status === 404 ? "NOT_FOUND" : err.status === 409 ? "CONFLICT" : "INVALID_INPUT", said(err.message));
    throw err;
  }
});

const PLAID_COUNTRIES = ["US", "CA", "GB", "IE", "FR", "ES", "NL", "DE"] as const;

export const createTryPlaidLinkToken = userAction(
  z.object({
    country: z.enum(PLAID_COUNTRIES, { message: "Choose a country." }),
    institutionId: z.string().trim().max(64).optional(),
    itemId: z.string().trim().max(200).optional(),
  }),
  async ({ input, user }) => {
    requireSandbox("plaid");
    const sb = getSandbox();
    let accessToken: string | undefined;
    if (input.itemId) {
      const viewer = sandboxViewer(user);
      const item = (await sb.plaid!.listItems()).find((i) => i.itemId === input.itemId && canSeeItem(viewer, i.clientUserId));
      if (!item) throw new AppError("NOT_FOUND", said(`There is no Plaid sandbox item ${input.itemId}.`));
      accessToken = item.accessToken;
    }
    const api = createPlaidClient({ basePath: sb.urls.plaid, ...getSandboxApiKeys().plaid, timeoutMs: 15_000 });
    const request: LinkTokenCreateRequest = {
      client_name: "Bank Connections (sandbox)",
      language: "en",
      country_codes: [input.country as CountryCode],
      user: { client_user_id: user.id },
      // OAuth banks (every UK/EU bank, Platypus OAuth Bank) come back to this page, which resumes Link.
      redirect_uri: sb.urls.plaid.replace(/\/plaid$/, ""),
      ...(accessToken
        ? { access_token: accessToken }
        : { products: [Products.Transactions], webhook: sb.urls.plaidWebhook, ...(input.institutionId ? { institution_id: input.institutionId } : {}) }),
    };
    try {
      const { data } = await api.linkTokenCreate(request);
      return { linkToken: data.link_token, expiration: data.expiration, mode: accessToken ? ("update" as const) : ("create" as const) };
    } catch (err) {
      throw sdkFailure(err);
    }
  },
);

export const exchangeTryPlaidPublicToken = userAction(z.object({ publicToken: z.string().trim().min(1).max(200) }), async ({ input, app }) => {
  requireSandbox("plaid");
  const sb = getSandbox();
  const api = createPlaidClient({ basePath: sb.urls.plaid, ...getSandboxApiKeys().plaid, timeoutMs: 15_000 });
  try {
    const { data } = await api.itemPublicTokenExchange({ public_token: input.publicToken });
    app.revalidate("/sandbox");
    return { itemId: data.item_id };
  } catch (err) {
    throw sdkFailure(err);
  }
});

export const createTryPluggyConnectToken = userAction(z.object({ itemId: z.string().trim().max(200).optional() }), async ({ input, user }) => {
  requireSandbox("pluggy");
  const sb = getSandbox();
  if (input.itemId) {
    const viewer = sandboxViewer(user);
    const item = (await sb.pluggy!.control.listItems()).find((i) => i.id === input.itemId && canSeeItem(viewer, i.clientUserId));
    if (!item) throw new AppError("NOT_FOUND", said(`There is no Pluggy sandbox item ${input.itemId}.`));
  }
  const client = createPluggyClient({ baseUrl: sb.urls.pluggy, ...getSandboxApiKeys().pluggy });
  try {
    const { accessToken } = await client.createConnectToken(input.itemId || undefined, { webhookUrl: sb.urls.pluggyWebhook, clientUserId: user.id });
    return { connectToken: accessToken, connectUrl: sb.urls.pluggyConnect, updateItemId: input.itemId || null };
  } catch (err) {
    throw sdkFailure(err);
  }
});

/**
 * /sandbox/public_token/create: an item without Link. Accepts every product Plaid's sandbox takes at
 * the institution (unserved ones are accepted, not billed: see products.ts) and the sandbox users of
 * credentials.ts, `user_custom` included.
 */
import type { HandlerCtx } from "./context";
import { evaluateLogin } from "./credentials";
import { DEFAULT_DAYS_REQUESTED, createItem, issuePublicToken, requireInstitution } from "./link";
import { acceptProducts } from "./products";
import { parseBody, sandboxPublicTokenCreateSchema } from "./schemas";

export function sandboxPublicTokenCreate(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(sandboxPublicTokenCreateSchema, raw);
  const institution = requireInstitution(body.institution_id);
  const products = acceptProducts(institution, body.initial_products);
  const username = body.options?.override_username ?? "user_good";
  const password = body.options?.override_password ?? "pass_good";
  const outcome = evaluateLogin({ institution, username, password, faults: ctx.state.faults, skipMfa: true });
  if (outcome.kind === "error") throw outcome.error;
  if (outcome.kind === "mfa") throw new Error("unreachable: MFA is skipped here");
  const item = createItem(ctx, {
    institution,
    username: outcome.username ?? username,
    products,
    webhook: body.options?.webhook || null,
    daysRequested: body.options?.transactions?.days_requested ?? DEFAULT_DAYS_REQUESTED,
    // A sandbox extension: who the item is for (the sandbox console shows a person their own items).
    clientUserId: body.options?.client_user_id ?? null,
    clientId: ctx.clientId,
    loginRequired: outcome.loginRequired,
    custom: outcome.custom,
  });
  return { public_token: issuePublicToken(ctx, item) };
}

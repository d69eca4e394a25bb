/** /link/token/get: a link token's metadata (its lifetime runs on the wall clock, see link.ts). */
import { sameClient, type HandlerCtx } from "./context";
import { PlaidApiError } from "./errors";
import { linkTokenGetSchema, parseBody } from "./schemas";
import { plaidDateTime } from "./transform";

export function linkTokenGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(linkTokenGetSchema, raw);
  const rec = ctx.state.linkTokens[body.link_token];
  if (!rec || !sameClient(rec.clientId, ctx.clientId)) throw new PlaidApiError("INVALID_LINK_TOKEN");
  return {
    link_token: rec.token,
    created_at: plaidDateTime(rec.createdAtMs),
    expiration: plaidDateTime(rec.expiresAtMs),
    metadata: {
      initial_products: rec.products,
      webhook: rec.webhook,
      country_codes: rec.countryCodes,
      language: rec.language,
      redirect_uri: rec.redirectUri ?? null,
      client_name: rec.clientName,
    },
    link_sessions: [],
  };
}

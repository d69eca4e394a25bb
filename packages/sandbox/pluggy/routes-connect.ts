/**
 * Routes of the Pluggy emulator for authentication and the Connect widget: POST /auth (api keys),
 * POST /connect_token, and the Connect stand-in's own endpoints (ui/pluggy-connect-child.tsx),
 * authenticated by the connect token in the body.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { connectTokenFromBody, itemFor } from "./access";
import { filterConnectors, toWireConnector } from "./connectors";
import { badRequest, notFound, unauthorized } from "./errors";
import type { Route } from "./router";
import { authBodySchema, connectMfaBodySchema, connectSessionBodySchema, connectSubmitBodySchema, connectTokenBodySchema, parseBody } from "./schemas";
import type { ItemRecord } from "./state";

/** Compares in time that does not depend on where the strings differ. */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash("sha256").update(a).digest(), createHash("sha256").update(b).digest());
}

export const CONNECT_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/auth",
    auth: "none",
    handler: async ({ engine, signer, clients, apiKeyTtlSeconds, realNow, body }) => {
      const b = parseBody(authBodySchema, body);
      if (clients && !clients.some((c) => sameSecret(c.clientId, b.clientId) && sameSecret(c.clientSecret, b.clientSecret))) {
        throw unauthorized("CLIENT_KEYS_UNAUTHORIZED", "Client keys are invalid");
      }
      const apiKey = await signer.mintApiKey(b.clientId, engine.state.apiKeyEpoch, apiKeyTtlSeconds, realNow());
      return { apiKey };
    },
  },
  {
    method: "POST",
    path: "/connect/sandbox/session",
    auth: "none",
    handler: async (ctx) => {
      const { engine } = ctx;
      const b = parseBody(connectSessionBodySchema, ctx.body);
      const p = await connectTokenFromBody(ctx, b.connectToken, ctx.headers);
      const updateItem = p.token.itemId ? engine.getItem(p.token.itemId) : undefined;
      const connectors = filterConnectors({ sandbox: b.includeSandbox ?? true, countries: ["BR"] }).map((c) => toWireConnector(c, engine.state.connectorHealth[String(c.id)]));
      return {
        connectors,
        updateItem: updateItem && updateItem.clientId === p.clientId ? engine.toWireItem(updateItem) : null,
        clientUserId: p.token.clientUserId,
        expiresAt: new Date(p.token.expiresAtMs).toISOString(),
      };
    },
  },
  {
    method: "POST",
    path: "/connect/sandbox/submit",
    auth: "none",
    handler: async (ctx) => {
      const { engine } = ctx;
      const b = parseBody(connectSubmitBodySchema, ctx.body);
      const p = await connectTokenFromBody(ctx, b.connectToken, ctx.headers);
      let item: ItemRecord;
      if (p.token.itemId) {
        item = itemFor(engine, p, p.token.itemId);
        if (b.connectorId !== undefined && b.connectorId !== item.connectorId) {
          throw badRequest("CONNECTOR_MISMATCH", "This connect token updates an item of another connector");
        }
        if (p.token.webhookUrl) item.webhookUrl = p.token.webhookUrl;
        engine.updateItem(item, { parameters: b.parameters, triggeredBy: "USER" });
      } else {
        if (b.connectorId === undefined) throw badRequest("CONNECTOR_REQUIRED", "connectorId is required");
        item = engine.createItem({
          clientId: p.clientId,
          connectorId: b.connectorId,
          parameters: b.parameters,
          webhookUrl: p.token.webhookUrl,
          clientUserId: p.token.clientUserId,
          products: null,
          avoidDuplicates: p.token.avoidDuplicates,
          triggeredBy: "USER",
          connectToken: p.token,
        });
      }
      engine.settle(item);
      return { item: engine.toWireItem(item) };
    },
  },
  {
    method: "POST",
    path: "/connect/sandbox/mfa",
    auth: "none",
    handler: async (ctx) => {
      const { engine } = ctx;
      const b = parseBody(connectMfaBodySchema, ctx.body);
      const p = await connectTokenFromBody(ctx, b.connectToken, ctx.headers);
      const item = itemFor(engine, p, b.itemId);
      engine.submitMfa(item, b.parameters);
      engine.settle(item);
      return { item: engine.toWireItem(item) };
    },
  },
  {
    method: "POST",
    path: "/connect_token",
    auth: "api_key",
    handler: async ({ engine, signer, clientId, connectTokenTtlSeconds, realNow, body }) => {
      const b = parseBody(connectTokenBodySchema, body);
      if (b.itemId) {
        const item = engine.getItem(b.itemId);
        if (!item || item.clientId !== clientId) throw notFound("Item", b.itemId);
      }
      const minted = await signer.mintConnectToken(clientId, connectTokenTtlSeconds, realNow());
      const now = realNow();
      for (const [jti, t] of Object.entries(engine.state.connectTokens)) if (t.expiresAtMs < now - 86_400_000) delete engine.state.connectTokens[jti];
      engine.state.connectTokens[minted.jti] = {
        jti: minted.jti,
        clientId,
        itemId: b.itemId ?? null,
        webhookUrl: b.options?.webhookUrl ?? null,
        clientUserId: b.options?.clientUserId ?? null,
        oauthRedirectUri: b.options?.oauthRedirectUri ?? null,
        avoidDuplicates: b.options?.avoidDuplicates ?? false,
        itemIds: [],
        expiresAtMs: minted.expiresAtMs,
      };
      engine.touch();
      return { accessToken: minted.token };
    },
  },
];

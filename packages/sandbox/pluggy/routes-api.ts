/**
 * Routes of the Pluggy emulator's data API (docs.pluggy.ai): connectors, items, accounts,
 * transactions (legacy pages and /v2 cursors), categories and account-level webhooks.
 */
import { accountFor, itemFor, transactionFor } from "./access";
import { CATEGORIES, getCategory } from "./categories";
import { filterConnectors, toWireConnector } from "./connectors";
import { validationResult } from "./engine";
import { badRequest, notFound } from "./errors";
import { splitList } from "./query";
import { page, type Route, type RouteCtx } from "./router";
import { createItemBodySchema, createWebhookBodySchema, mfaBodySchema, parseBody, updateItemBodySchema, updateTransactionBodySchema, updateWebhookBodySchema } from "./schemas";
import { listCursor, listLegacy } from "./transactions";
import { toWireAccount, toWireTransaction } from "./transform";
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, toWireWebhook, updateWebhook } from "./webhook-subscriptions";

const bool = (v: string | undefined) => (v === undefined ? undefined : v === "true" || v === "1");

function connector({ engine, params }: RouteCtx) {
  const id = params.id ?? "";
  const wire = /^\d{1,9}$/.test(id) ? engine.wireConnector(Number(id)) : null;
  if (!wire) throw notFound("Connector", id);
  return wire;
}

const item = ({ engine, principal, params }: RouteCtx) => itemFor(engine, principal, params.id ?? "");

const transaction = ({ engine, clientId, params }: RouteCtx) => transactionFor(engine, clientId, params.id ?? "");

const CONNECTORS: Route[] = [
  {
    method: "GET",
    path: "/connectors",
    auth: "any",
    handler: ({ engine, query }) => {
      const ids = splitList(query.ids)
        ?.map(Number)
        .filter((n) => Number.isInteger(n));
      const list = filterConnectors({
        ...(query.name ? { name: query.name } : {}),
        ...(query.countries ? { countries: splitList(query.countries) ?? [] } : {}),
        ...(query.types ? { types: splitList(query.types) ?? [] } : {}),
        ...(ids ? { ids } : {}),
        sandbox: bool(query.sandbox) ?? false,
        ...(query.isOpenFinance !== undefined ? { isOpenFinance: bool(query.isOpenFinance) ?? false } : {}),
        ...(query.supportsPaymentInitiation !== undefined ? { supportsPaymentInitiation: bool(query.supportsPaymentInitiation) ?? false } : {}),
      });
      return page(list.map((c) => toWireConnector(c, engine.state.connectorHealth[String(c.id)])));
    },
  },
  { method: "GET", path: "/connectors/:id", auth: "any", handler: connector, exists: connector },
  {
    method: "POST",
    path: "/connectors/:id/validate",
    auth: "any",
    exists: connector,
    handler: (ctx) => {
      connector(ctx);
      return validationResult(parseBody(mfaBodySchema, ctx.body));
    },
  },
];

const ITEMS: Route[] = [
  {
    method: "POST",
    path: "/items",
    auth: "any",
    handler: ({ engine, principal: p, body }) => {
      const b = parseBody(createItemBodySchema, body);
      const token = p.kind === "connect_token" ? p.token : undefined;
      const created = engine.createItem({
        clientId: p.clientId,
        connectorId: b.connectorId,
        parameters: b.parameters,
        webhookUrl: b.webhookUrl ?? token?.webhookUrl ?? null,
        clientUserId: b.clientUserId ?? token?.clientUserId ?? null,
        products: b.products ?? null,
        avoidDuplicates: b.avoidDuplicates ?? token?.avoidDuplicates ?? false,
        triggeredBy: token ? "USER" : "CLIENT",
        ...(token ? { connectToken: token } : {}),
      });
      return engine.toWireItem(created);
    },
  },
  {
    method: "GET",
    path: "/items/:id",
    auth: "any",
    exists: item,
    handler: (ctx) => {
      const found = item(ctx);
      ctx.engine.observe(found, true);
      return ctx.engine.toWireItem(found);
    },
  },
  {
    method: "PATCH",
    path: "/items/:id",
    auth: "any",
    exists: item,
    handler: (ctx) => {
      const found = item(ctx);
      const b = parseBody(updateItemBodySchema, ctx.body);
      ctx.engine.updateItem(found, {
        parameters: b.parameters,
        ...(b.webhookUrl !== undefined ? { webhookUrl: b.webhookUrl } : {}),
        ...(b.clientUserId !== undefined ? { clientUserId: b.clientUserId } : {}),
        ...(b.products !== undefined ? { products: b.products } : {}),
        triggeredBy: ctx.principal.kind === "connect_token" ? "USER" : "CLIENT",
      });
      return ctx.engine.toWireItem(found);
    },
  },
  {
    method: "DELETE",
    path: "/items/:id",
    auth: "api_key",
    handler: (ctx) => {
      const found = item(ctx);
      const wire = ctx.engine.toWireItem(found);
      ctx.engine.deleteItem(found);
      return wire;
    },
  },
  {
    method: "POST",
    path: "/items/:id/mfa",
    auth: "any",
    handler: (ctx) => {
      const found = item(ctx);
      ctx.engine.submitMfa(found, parseBody(mfaBodySchema, ctx.body));
      return ctx.engine.toWireItem(found);
    },
  },
];

const ACCOUNTS: Route[] = [
  {
    method: "GET",
    path: "/accounts",
    auth: "any",
    handler: ({ engine, principal: p, query }) => {
      const itemId = query.itemId;
      if (!itemId) throw badRequest("PARAMETER_VALIDATION_ERROR", "itemId is required", { parameter: "itemId" });
      const type = query.type;
      if (type !== undefined && type !== "" && type !== "BANK" && type !== "CREDIT") {
        throw badRequest("PARAMETER_VALIDATION_ERROR", "type must be BANK or CREDIT", { parameter: "type" });
      }
      const found = itemFor(engine, p, itemId);
      const accounts = Object.values(engine.state.accounts)
        .filter((a) => a.itemId === found.id && (!type || a.type === type))
        .sort((a, b) => (a.type === b.type ? (a.subtype < b.subtype ? -1 : a.subtype > b.subtype ? 1 : a.id < b.id ? -1 : 1) : a.type === "BANK" ? -1 : 1))
        .map(toWireAccount)
        // A connect token sees a reduced view (no balances or personal data).
        .map((a) => (p.kind === "connect_token" ? { ...a, balance: 0, owner: null, taxNumber: null, bankData: null, creditData: null } : a));
      return page(accounts);
    },
  },
  { method: "GET", path: "/accounts/:id", auth: "api_key", handler: ({ engine, clientId, params }) => toWireAccount(accountFor(engine, clientId, params.id ?? "")) },
];

function accountRows({ engine, clientId, query }: RouteCtx) {
  const accountId = query.accountId;
  if (!accountId) throw badRequest("PARAMETER_VALIDATION_ERROR", "accountId is required", { parameter: "accountId" });
  const acc = accountFor(engine, clientId, accountId);
  return { acc, rows: Object.values(engine.state.transactions).filter((t) => t.accountId === acc.id) };
}

const TRANSACTIONS: Route[] = [
  { method: "GET", path: "/transactions", auth: "api_key", handler: (ctx) => listLegacy(accountRows(ctx).rows, ctx.query) },
  {
    method: "GET",
    path: "/v2/transactions",
    auth: "api_key",
    handler: (ctx) => {
      const { acc, rows } = accountRows(ctx);
      return listCursor(rows, ctx.query, { baseUrl: ctx.publicBase(), accountId: acc.id, defaultPageSize: ctx.v2PageSize });
    },
  },
  { method: "GET", path: "/transactions/:id", auth: "api_key", handler: (ctx) => toWireTransaction(transaction(ctx)), exists: transaction },
  {
    method: "PATCH",
    path: "/transactions/:id",
    auth: "api_key",
    handler: ({ engine, clientId, params, body }) => {
      const t = transactionFor(engine, clientId, params.id ?? "");
      const b = parseBody(updateTransactionBodySchema, body);
      if (!getCategory(b.categoryId)) throw badRequest("CATEGORY_NOT_FOUND", `Category ${b.categoryId} does not exist`);
      t.userCategoryId = b.categoryId;
      t.updatedAt = engine.sandboxNowIso();
      engine.touch();
      return toWireTransaction(t);
    },
  },
];

const CATEGORY_ROUTES: Route[] = [
  { method: "GET", path: "/categories", auth: "api_key", handler: () => page(CATEGORIES) },
  {
    method: "GET",
    path: "/categories/:id",
    auth: "api_key",
    handler: ({ params }) => {
      const c = getCategory(params.id ?? "");
      if (!c) throw notFound("Category", params.id);
      return c;
    },
  },
];

/** Account-level subscriptions (see webhook-subscriptions.ts). */
const WEBHOOKS: Route[] = [
  { method: "GET", path: "/webhooks", auth: "api_key", handler: ({ engine, clientId }) => page(listWebhooks(engine, clientId).map(toWireWebhook)) },
  { method: "POST", path: "/webhooks", auth: "api_key", handler: ({ engine, clientId, body }) => toWireWebhook(createWebhook(engine, clientId, parseBody(createWebhookBodySchema, body))) },
  { method: "GET", path: "/webhooks/:id", auth: "api_key", handler: ({ engine, clientId, params }) => toWireWebhook(getWebhook(engine, clientId, params.id ?? "")) },
  {
    method: "PATCH",
    path: "/webhooks/:id",
    auth: "api_key",
    handler: ({ engine, clientId, params, body }) => toWireWebhook(updateWebhook(engine, getWebhook(engine, clientId, params.id ?? ""), parseBody(updateWebhookBodySchema, body))),
  },
  { method: "DELETE", path: "/webhooks/:id", auth: "api_key", handler: ({ engine, clientId, params }) => toWireWebhook(deleteWebhook(engine, getWebhook(engine, clientId, params.id ?? ""))) },
];

export const API_ROUTES: readonly Route[] = [...CONNECTORS, ...ITEMS, ...ACCOUNTS, ...TRANSACTIONS, ...CATEGORY_ROUTES, ...WEBHOOKS];

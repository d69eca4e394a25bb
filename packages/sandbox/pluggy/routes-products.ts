/**
 * Routes of the Pluggy emulator's product data (docs.pluggy.ai, pluggy-sdk PluggyClient): consents,
 * identity, credit-card bills, loans, investments (+ their transactions) and account statements.
 * API key only; another client's Item or record is a 404, like an unknown id.
 */
import { accountFor, itemFor } from "./access";
import { billsOf, statementsOf } from "./bills";
import type { PluggyEngine } from "./engine";
import { badRequest, notFound } from "./errors";
import { INVESTMENT_TYPES, type InvestmentType, type WireConsent } from "./product-types";
import { holdingsOf, identityOf, isCollected, loansOf, type CollectedItem } from "./products";
import type { Route, RouteCtx } from "./router";
import type { AccountRecord, ItemRecord } from "./state";
import { toWireTransaction } from "./transform";
import type { PageResponse } from "./types";

function intParam(q: Record<string, string>, name: string, def: number, max: number): number {
  const raw = q[name];
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > max) throw badRequest("PARAMETER_VALIDATION_ERROR", `${name} must be a whole number between 1 and ${max}`, { parameter: name });
  return n;
}

/** Pluggy's page parameters (`page`, `pageSize` ≤ 500, default 20). */
function paged<T>(all: T[], q: Record<string, string>): PageResponse<T> {
  const pageSize = intParam(q, "pageSize", 20, 500);
  const page = intParam(q, "page", 1, 1_000_000);
  return { results: all.slice((page - 1) * pageSize, page * pageSize), page, total: all.length, totalPages: Math.max(1, Math.ceil(all.length / pageSize)) };
}

function requiredItem(ctx: RouteCtx): ItemRecord {
  const itemId = ctx.query.itemId;
  if (!itemId) throw badRequest("PARAMETER_VALIDATION_ERROR", "itemId is required", { parameter: "itemId" });
  return itemFor(ctx.engine, ctx.principal, itemId);
}

function requiredAccount(ctx: RouteCtx): AccountRecord {
  const accountId = ctx.query.accountId;
  if (!accountId) throw badRequest("PARAMETER_VALIDATION_ERROR", "accountId is required", { parameter: "accountId" });
  return accountFor(ctx.engine, ctx.clientId, accountId);
}

const clientItems = (engine: PluggyEngine, clientId: string): CollectedItem[] => Object.values(engine.state.items).filter((i): i is CollectedItem => i.clientId === clientId && isCollected(i));
const accountsOf = (engine: PluggyEngine, itemId: string) => Object.values(engine.state.accounts).filter((a) => a.itemId === itemId);
const rowsOf = (engine: PluggyEngine, accountId: string) => Object.values(engine.state.transactions).filter((t) => t.accountId === accountId);

const consentsOf = (item: ItemRecord): WireConsent[] => (item.consents ?? []).map((c) => ({ ...c, itemId: item.id })).reverse();
const ownerOf = (engine: PluggyEngine, item: ItemRecord) => accountsOf(engine, item.id).find((a) => a.type === "BANK")?.owner ?? null;
const holdings = (engine: PluggyEngine, item: ItemRecord) => (isCollected(item) ? holdingsOf(item, ownerOf(engine, item)) : []);

function findIn<T extends { id: string }>(engine: PluggyEngine, clientId: string, what: string, id: string, list: (item: CollectedItem) => T[]): T {
  for (const item of clientItems(engine, clientId)) {
    const hit = list(item).find((x) => x.id === id);
    if (hit) return hit;
  }
  throw notFound(what, id);
}

function investmentType(value: string | undefined): InvestmentType | undefined {
  if (value === undefined || value === "") return undefined;
  const t = INVESTMENT_TYPES.find((x) => x === value);
  if (!t) throw badRequest("PARAMETER_VALIDATION_ERROR", `type must be one of ${INVESTMENT_TYPES.join(", ")}`, { parameter: "type" });
  return t;
}

export const PRODUCT_ROUTES: readonly Route[] = [
  { method: "GET", path: "/consents", auth: "api_key", handler: (ctx) => paged(consentsOf(requiredItem(ctx)), ctx.query) },
  {
    method: "GET",
    path: "/consents/:id",
    auth: "api_key",
    handler: ({ engine, clientId, params }) => findIn(engine, clientId, "Consent", params.id ?? "", consentsOf),
  },
  {
    method: "GET",
    path: "/identity",
    auth: "api_key",
    handler: (ctx) => {
      const item = requiredItem(ctx);
      if (!isCollected(item)) throw notFound("Identity for item", item.id);
      return identityOf(item, accountsOf(ctx.engine, item.id));
    },
  },
  {
    method: "GET",
    path: "/identity/:id",
    auth: "api_key",
    handler: ({ engine, clientId, params }) => findIn(engine, clientId, "Identity", params.id ?? "", (item) => [identityOf(item, accountsOf(engine, item.id))]),
  },
  {
    method: "GET",
    path: "/bills",
    auth: "api_key",
    handler: (ctx) => {
      const account = requiredAccount(ctx);
      const item = ctx.engine.getItem(account.itemId);
      return paged(item ? billsOf(item, account, rowsOf(ctx.engine, account.id)) : [], ctx.query);
    },
  },
  {
    method: "GET",
    path: "/bills/:id",
    auth: "api_key",
    handler: ({ engine, clientId, params }) =>
      findIn(engine, clientId, "Bill", params.id ?? "", (item) => accountsOf(engine, item.id).flatMap((a) => billsOf(item, a, rowsOf(engine, a.id)))),
  },
  { method: "GET", path: "/loans", auth: "api_key", handler: (ctx) => paged(((item) => (isCollected(item) ? loansOf(item) : []))(requiredItem(ctx)), ctx.query) },
  { method: "GET", path: "/loans/:id", auth: "api_key", handler: ({ engine, clientId, params }) => findIn(engine, clientId, "Loan", params.id ?? "", loansOf) },
  {
    method: "GET",
    path: "/investments",
    auth: "api_key",
    handler: (ctx) => {
      const type = investmentType(ctx.query.type);
      const list = holdings(ctx.engine, requiredItem(ctx))
        .map((h) => h.investment)
        .filter((i) => !type || i.type === type);
      return paged(list, ctx.query);
    },
  },
  {
    method: "GET",
    path: "/investments/:id",
    auth: "api_key",
    handler: ({ engine, clientId, params }) => findIn(engine, clientId, "Investment", params.id ?? "", (item) => holdings(engine, item).map((h) => h.investment)),
  },
  {
    method: "GET",
    path: "/investments/:id/transactions",
    auth: "api_key",
    handler: (ctx) => {
      const id = ctx.params.id ?? "";
      const hit = clientItems(ctx.engine, ctx.clientId)
        .flatMap((item) => holdings(ctx.engine, item))
        .find((h) => h.investment.id === id);
      if (!hit) throw notFound("Investment", id);
      return paged([...hit.transactions].reverse(), ctx.query);
    },
  },
  {
    method: "GET",
    path: "/accounts/:id/statements",
    auth: "api_key",
    handler: (ctx) => {
      const account = accountFor(ctx.engine, ctx.clientId, ctx.params.id ?? "");
      const item = ctx.engine.getItem(account.itemId);
      return paged(item ? statementsOf(item, account, ctx.publicBase()) : [], ctx.query);
    },
  },
  {
    // The `url` of a statement: its month's collected rows (the sandbox serves JSON, not a PDF).
    method: "GET",
    path: "/accounts/:id/statements/:statementId",
    auth: "api_key",
    handler: (ctx) => {
      const account = accountFor(ctx.engine, ctx.clientId, ctx.params.id ?? "");
      const item = ctx.engine.getItem(account.itemId);
      const st = (item ? statementsOf(item, account, ctx.publicBase()) : []).find((s) => s.id === ctx.params.statementId);
      if (!st) throw notFound("Statement", ctx.params.statementId);
      const [mm, yyyy] = st.monthYear.split("/");
      const rows = rowsOf(ctx.engine, account.id).filter((t) => t.date.slice(0, 7) === `${yyyy}-${mm}`);
      return { ...st, accountId: account.id, transactions: rows.map(toWireTransaction).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) };
    },
  },
];

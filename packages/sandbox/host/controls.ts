/**
 * Sandbox controls shared by the control page (/sandbox, server actions) and the JSON control
 * route for tests (POST /sandbox/control): one zod schema, one runner, one overview.
 *
 * Everything runs for a signed-in viewer: the overview lists, and the item commands act on, only
 * the viewer's own items — those whose `client_user_id` (Plaid link token) / `clientUserId`
 * (Pluggy connect token) is the viewer's user id, as the app's connections and the "try it" widgets
 * create them. Another person's item is "not found", exactly like an item that does not exist. A
 * sandbox admin (SANDBOX_ADMIN_EMAILS) sees and acts on every item. The clock and the faults are
 * the whole sandbox's (one shared fictional bank), open to every signed-in viewer.
 */
import { z } from "zod";
import { peekSection } from "@bank-connections/sandbox/core/store";
import { getInstitution } from "@bank-connections/sandbox/data/institutions";
import { getLoginData } from "@bank-connections/sandbox/data/generate";
import { withOpenedAccounts } from "@bank-connections/sandbox/data/opened-accounts";
import { FIREABLE_CODES, type FireableWebhookCode } from "@bank-connections/sandbox/plaid";
import { emptyPluggyState, pluggySection, type ExecutionErrorCode, type WebhookEventName } from "@bank-connections/sandbox/pluggy";
import type { AppSandbox } from "./instance";

/** Who is looking: a signed-in user, and whether they are a sandbox admin (every item). */
export type SandboxViewer = { userId: string; admin: boolean };

/** The viewer may see and act on an item made for `clientUserId`. */
export function canSeeItem(viewer: SandboxViewer, clientUserId: string | null | undefined): boolean {
  return viewer.admin || (typeof clientUserId === "string" && clientUserId === viewer.userId);
}

export const PLAID_ITEM_ERRORS = ["ITEM_LOGIN_REQUIRED", "USER_PERMISSION_REVOKED", "ITEM_LOCKED"] as const;
export const PLAID_WEBHOOK_CODES = FIREABLE_CODES as readonly FireableWebhookCode[];
export const PLUGGY_LOGIN_ERRORS = [
  "INVALID_CREDENTIALS",
  "INVALID_CREDENTIALS_MFA",
  "ACCOUNT_LOCKED",
  "ACCOUNT_CREDENTIALS_RESET",
  "ACCOUNT_NEEDS_ACTION",
  "USER_NOT_SUPPORTED",
] as const satisfies readonly ExecutionErrorCode[];
export const PLUGGY_WEBHOOK_EVENTS = [
  "item/updated",
  "item/error",
  "item/created",
  "item/deleted",
  "item/waiting_user_input",
  "item/login_succeeded",
  "transactions/created",
  "transactions/updated",
  "transactions/deleted",
] as const satisfies readonly WebhookEventName[];

const itemId = z.string().trim().min(1, "Give an item id.").max(200);
const rate = z.number().min(0, "Use a rate from 0 to 1.").max(1, "Use a rate from 0 to 1.");
const every = z.number().int("Use a whole number.").min(0, "Use 0 (off) or more.").max(1_000_000);
const latency = z.number().int("Use whole milliseconds.").min(0, "Use 0 or more.").max(60_000, "At most 60000 ms.");

export const controlSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("state") }),
  z.object({ action: z.literal("clock.advance"), days: z.number().min(-3650).max(3650).refine((d) => d !== 0, "Give a number of days.") }),
  z.object({ action: z.literal("plaid.loginRequired"), itemId, code: z.enum(PLAID_ITEM_ERRORS).optional() }),
  z.object({ action: z.literal("plaid.repairLogin"), itemId }),
  z.object({ action: z.literal("plaid.addAccount"), itemId }),
  z.object({ action: z.literal("plaid.fireWebhook"), itemId, code: z.enum(FIREABLE_CODES as unknown as [FireableWebhookCode, ...FireableWebhookCode[]]).default("SYNC_UPDATES_AVAILABLE") }),
  z.object({
    action: z.literal("plaid.setFaults"),
    rateLimitRate: rate.optional(),
    serverErrorRate: rate.optional(),
    latencyMs: latency.optional(),
    institutionsDown: z.array(z.string().max(64)).max(50).optional(),
  }),
  z.object({ action: z.literal("plaid.resetFaults") }),
  z.object({ action: z.literal("pluggy.loginError"), itemId, code: z.enum(PLUGGY_LOGIN_ERRORS).optional() }),
  z.object({ action: z.literal("pluggy.fireWebhook"), itemId, event: z.enum(PLUGGY_WEBHOOK_EVENTS).default("item/updated") }),
  z.object({ action: z.literal("pluggy.setFaults"), rateLimitEvery: every.optional(), serverErrorEvery: every.optional(), latencyMs: latency.optional() }),
  z.object({ action: z.literal("pluggy.resetFaults") }),
  z.object({ action: z.literal("pluggy.settleAll") }),
  z.object({ action: z.literal("pluggy.addAccount"), itemId }),
]);

export type ControlCommand = z.infer<typeof controlSchema>;
export type ControlActionName = ControlCommand["action"];

export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = "ControlError";
  }
}

// ── overview ──────────────────────────────────────────────────────────────────────────────────

/** `mask`: Plaid's last digits; `number`: Pluggy's full (fictional) account number. */
export type SandboxAccountView = { id: string; name: string; mask: string | null; number?: string; type: string };

export type PlaidItemView = {
  itemId: string;
  /** The app user the item was made for (its link token's client_user_id). */
  clientUserId: string | null;
  institutionId: string;
  institutionName: string;
  username: string;
  /** "OK" or Plaid's item error code (ITEM_LOGIN_REQUIRED…). */
  status: string;
  createdAt: string;
  /** The app exchanged the public token (Link alone does not). */
  exchanged: boolean;
  webhook: string | null;
  lastWebhook: { sentAt: string; code: string } | null;
  accounts: SandboxAccountView[];
};

export type PluggyItemView = {
  itemId: string;
  /** The API client (clientId) the item belongs to. */
  clientId: string | null;
  /** The app user the item was made for (its connect token's clientUserId). */
  clientUserId: string | null;
  connectorId: number;
  connectorName: string;
  status: string;
  executionStatus: string;
  error: { code: string; message: string } | null;
  createdAt: string;
  webhookUrl: string | null;
  accounts: SandboxAccountView[];
};

export type SandboxOverview = {
  /** Whose items these are: the viewer's own, or every item for a sandbox admin. */
  viewer: SandboxViewer;
  clock: { now: string; base: string; offsetDays: number };
  plaid: null | { items: PlaidItemView[]; faults: { rateLimitRate: number; serverErrorRate: number; latencyMs: number; institutionsDown: string[] } };
  pluggy: null | { items: PluggyItemView[]; faults: { rateLimitEvery: number; serverErrorEvery: number; latencyMs: number } };
};

const MAX_ITEMS = 100;
const DAY_MS = 86_400_000;

async function plaidView(sb: AppSandbox, viewer: SandboxViewer): Promise<SandboxOverview["plaid"]> {
  const plaid = sb.plaid;
  if (!plaid) return null;
  const state = await plaid.getState();
  const exchanged = new Set(Object.values(state.accessTokens));
  const records = Object.values(state.items)
    .filter((i) => canSeeItem(viewer, i.clientUserId))
    .sort((a, b) => b.createdAtMs - a.createdAtMs || b.itemId.localeCompare(a.itemId))
    .slice(0, MAX_ITEMS);
  const items: PlaidItemView[] = [];
  for (const item of records) {
    let accounts: SandboxAccountView[] = [];
    try {
      const info = await plaid.inspectItem(item.itemId);
      const shared = new Set(info.accountIds);
      accounts = withOpenedAccounts(info.item, getLoginData(info.login, info.window))
        .accounts.filter((a) => shared.has(a.accountId))
        .map((a) => ({ id: a.accountId, name: a.name, mask: a.mask, type: a.subtype }));
    } catch {
      accounts = [];
    }
    items.push({
      itemId: item.itemId,
      clientUserId: item.clientUserId,
      institutionId: item.institutionId,
      institutionName: getInstitution(item.institutionId)?.name ?? item.institutionId,
      username: item.username,
      status: item.error?.error_code ?? "OK",
      createdAt: new Date(item.createdAtMs).toISOString(),
      exchanged: exchanged.has(item.itemId),
      webhook: item.webhook,
      lastWebhook: item.lastWebhook,
      accounts,
    });
  }
  const f = state.faults;
  return { items, faults: { rateLimitRate: f.rateLimit.rate, serverErrorRate: f.serverError.rate, latencyMs: f.latencyMs, institutionsDown: [...f.institutionsDown] } };
}

async function pluggyView(sb: AppSandbox, viewer: SandboxViewer): Promise<SandboxOverview["pluggy"]> {
  const pluggy = sb.pluggy;
  if (!pluggy) return null;
  const wire = await pluggy.control.listItems();
  const stored = await sb.store.read();
  const accountsByItem = new Map<string, SandboxAccountView[]>();
  const clientOf = new Map<string, string>();
  {
    try {
      const state = peekSection(stored, pluggySection) ?? emptyPluggyState();
      for (const i of Object.values(state.items)) clientOf.set(i.id, i.clientId);
      for (const a of Object.values(state.accounts)) {
        const list = accountsByItem.get(a.itemId) ?? [];
        list.push({ id: a.id, name: a.name, mask: null, number: a.number, type: a.subtype });
        accountsByItem.set(a.itemId, list);
      }
    } catch {
      // A state the emulator cannot read shows no accounts here; its own requests report the problem.
    }
  }
  const items = wire
    .filter((i) => canSeeItem(viewer, i.clientUserId))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
    .slice(0, MAX_ITEMS)
    .map(
      (i): PluggyItemView => ({
        itemId: i.id,
        clientId: clientOf.get(i.id) ?? null,
        clientUserId: i.clientUserId,
        connectorId: i.connector.id,
        connectorName: i.connector.name,
        status: i.status,
        executionStatus: i.executionStatus,
        error: i.error ? { code: i.error.code, message: i.error.message } : null,
        createdAt: i.createdAt,
        webhookUrl: i.webhookUrl,
        accounts: (accountsByItem.get(i.id) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
      }),
    );
  const f = pluggy.control.getFaults();
  return { items, faults: { rateLimitEvery: f.rateLimit?.every ?? 0, serverErrorEvery: f.serverError?.every ?? 0, latencyMs: f.latency?.ms ?? 0 } };
}

export async function sandboxOverview(sb: AppSandbox, viewer: SandboxViewer): Promise<SandboxOverview> {
  const stored = (await sb.store.read()).clock ?? sb.clock.state();
  const plaid = await plaidView(sb, viewer);
  const pluggy = await pluggyView(sb, viewer);
  return {
    viewer,
    clock: { now: new Date(Math.round(stored.baseMs + stored.offsetDays * DAY_MS)).toISOString(), base: new Date(stored.baseMs).toISOString(), offsetDays: stored.offsetDays },
    plaid,
    pluggy,
  };
}

// ── commands ──────────────────────────────────────────────────────────────────────────────────

export type ControlOutcome = { message: string; data?: unknown };

function needPlaid(sb: AppSandbox) {
  if (!sb.plaid) throw new ControlError(404, "The Plaid sandbox is off: this server uses real Plaid keys.");
  return sb.plaid;
}

function needPluggy(sb: AppSandbox) {
  if (!sb.pluggy) throw new ControlError(404, "The Pluggy sandbox is off: this server uses real Pluggy keys.");
  return sb.pluggy;
}

/** The viewer's Plaid item (another person's is "not found", word for word as a missing one). */
async function plaidItem(sb: AppSandbox, id: string, viewer: SandboxViewer) {
  const item = (await needPlaid(sb).listItems()).find((i) => i.itemId === id && canSeeItem(viewer, i.clientUserId));
  if (!item) throw new ControlError(404, `There is no Plaid sandbox item ${id}.`);
  return item;
}

/** The viewer's Pluggy item (another person's is "not found"). */
async function pluggyItem(sb: AppSandbox, id: string, viewer: SandboxViewer) {
  const item = (await needPluggy(sb).control.listItems()).find((i) => i.id === id && canSeeItem(viewer, i.clientUserId));
  if (!item) throw new ControlError(404, `There is no Pluggy sandbox item ${id}.`);
  return item;
}

function delivered(results: { status: number | null }[]): string {
  if (results.length === 0) return "no webhook was due";
  const ok = results.filter((r) => r.status !== null && r.status >= 200 && r.status < 300).length;
  return `${results.length} webhook${results.length === 1 ? "" : "s"} sent, ${ok} accepted`;
}

export async function runControl(cmd: ControlCommand, sb: AppSandbox, viewer: SandboxViewer): Promise<ControlOutcome> {
  switch (cmd.action) {
    case "state":
      return { message: "Sandbox state.", data: await sandboxOverview(sb, viewer) };

    case "clock.advance": {
      // One clock for both emulators: Plaid moves it (and sends its webhooks); Pluggy then
      // starts the automatic syncs now due without moving it again.
      let now: string;
      let webhooks = "";
      if (sb.plaid) {
        const r = await sb.plaid.advanceClock(cmd.days);
        now = new Date(r.nowMs).toISOString();
        webhooks = `; Plaid: ${delivered(r.webhooks)}`;
        if (sb.pluggy) await sb.pluggy.control.advanceClock(0);
      } else {
        now = await needPluggy(sb).control.advanceClock(cmd.days);
      }
      return { message: `Sandbox clock moved ${cmd.days > 0 ? "forward" : "back"} ${Math.abs(cmd.days)} day${Math.abs(cmd.days) === 1 ? "" : "s"}: now ${now.slice(0, 10)}${webhooks}.`, data: { now } };
    }

    case "plaid.loginRequired": {
      await plaidItem(sb, cmd.itemId, viewer);
      const code = cmd.code ?? "ITEM_LOGIN_REQUIRED";
      const r = await needPlaid(sb).setItemLoginRequired(cmd.itemId, code);
      return { message: `Plaid item ${cmd.itemId} is now in ${code} (${delivered(r)}).` };
    }

    case "plaid.repairLogin": {
      await plaidItem(sb, cmd.itemId, viewer);
      const r = await needPlaid(sb).repairItemLogin(cmd.itemId);
      return { message: `Plaid item ${cmd.itemId} is repaired (${delivered(r)}).` };
    }

    case "plaid.addAccount": {
      await plaidItem(sb, cmd.itemId, viewer);
      const r = await needPlaid(sb).addAccount(cmd.itemId);
      return { message: `Plaid item ${cmd.itemId} has a new account ${r.accountId}, shared after update mode with account selection (NEW_ACCOUNTS_AVAILABLE: ${delivered(r.webhooks)}).`, data: { accountId: r.accountId } };
    }

    case "pluggy.addAccount": {
      await pluggyItem(sb, cmd.itemId, viewer);
      try {
        const accountId = await needPluggy(sb).control.addAccount(cmd.itemId);
        return { message: `Pluggy item ${cmd.itemId} has a new account ${accountId} (item/updated sent).`, data: { accountId } };
      } catch (err) {
        throw new ControlError(409, err instanceof Error ? err.message : String(err));
      }
    }

    case "plaid.fireWebhook": {
      const item = await plaidItem(sb, cmd.itemId, viewer);
      if (!item.webhook) throw new ControlError(409, `Plaid item ${cmd.itemId} has no webhook URL (its link token was created without one).`);
      const r = await needPlaid(sb).fireWebhook(cmd.itemId, cmd.code);
      return { message: `${cmd.code} fired for Plaid item ${cmd.itemId}: ${delivered(r)}.` };
    }

    case "plaid.setFaults": {
      const f = await needPlaid(sb).setFaults({
        ...(cmd.rateLimitRate !== undefined ? { rateLimit: { rate: cmd.rateLimitRate } } : {}),
        ...(cmd.serverErrorRate !== undefined ? { serverError: { rate: cmd.serverErrorRate } } : {}),
        ...(cmd.latencyMs !== undefined ? { latencyMs: cmd.latencyMs } : {}),
        ...(cmd.institutionsDown !== undefined ? { institutionsDown: cmd.institutionsDown } : {}),
      });
      return { message: `Plaid faults: rate limit ${f.rateLimit.rate}, server errors ${f.serverError.rate}, latency ${f.latencyMs} ms.`, data: f };
    }

    case "plaid.resetFaults":
      await needPlaid(sb).resetFaults();
      return { message: "Plaid faults are off." };

    case "pluggy.loginError": {
      await pluggyItem(sb, cmd.itemId, viewer);
      const item = await needPluggy(sb).control.setItemLoginError(cmd.itemId, cmd.code);
      return { message: `Pluggy item ${cmd.itemId} is now ${item.status} (${item.error?.code ?? "no error"}).`, data: { status: item.status } };
    }

    case "pluggy.fireWebhook": {
      await pluggyItem(sb, cmd.itemId, viewer);
      const eventId = await needPluggy(sb).control.fireWebhook(cmd.event, { itemId: cmd.itemId });
      return { message: `${cmd.event} queued for Pluggy item ${cmd.itemId} (event ${eventId}).`, data: { eventId } };
    }

    case "pluggy.setFaults": {
      const pluggy = needPluggy(sb);
      const current = pluggy.control.getFaults();
      const next = { ...current };
      if (cmd.rateLimitEvery !== undefined) {
        if (cmd.rateLimitEvery > 0) next.rateLimit = { every: cmd.rateLimitEvery };
        else delete next.rateLimit;
      }
      if (cmd.serverErrorEvery !== undefined) {
        if (cmd.serverErrorEvery > 0) next.serverError = { every: cmd.serverErrorEvery };
        else delete next.serverError;
      }
      if (cmd.latencyMs !== undefined) {
        if (cmd.latencyMs > 0) next.latency = { ms: cmd.latencyMs };
        else delete next.latency;
      }
      pluggy.control.setFaults(next);
      const show = (n: number | undefined) => (n ? `every ${n}` : "off");
      return { message: `Pluggy faults: rate limit ${show(next.rateLimit?.every)}, server errors ${show(next.serverError?.every)}, latency ${next.latency?.ms ?? 0} ms.` };
    }

    case "pluggy.resetFaults":
      needPluggy(sb).control.setFaults({});
      return { message: "Pluggy faults are off." };

    case "pluggy.settleAll":
      await needPluggy(sb).control.settleAll();
      return { message: "Every running Pluggy execution has finished." };
  }
}

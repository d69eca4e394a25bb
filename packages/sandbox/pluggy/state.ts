import fs from "node:fs";
import path from "node:path";
import { defineSection } from "@bank-connections/sandbox/core/store";
import type { ExecutionOutcome } from "./sandbox-users";
import type {
  ConnectorHealthStatus,
  ExecutionStatus,
  IsoDateTime,
  ItemStatus,
  ProductType,
  TriggeredBy,
  WireAccount,
  WireCredential,
  WireItemError,
  WireStatusDetail,
  WireTransaction,
} from "./types";

/**
 * The Pluggy emulator's whole state: plain JSON, so it can live in memory or in a JSON file
 * (same pattern as the other sandbox stores). Times named `*Ms` are real wall-clock
 * milliseconds (token expiry, execution latency); ISO strings are sandbox-clock instants.
 */

export type ExecutionKind = "create" | "update" | "sync";

export type ExecutionRecord = {
  kind: ExecutionKind;
  triggeredBy: TriggeredBy;
  /** Intermediate execution statuses shown while the Item is UPDATING, in order. */
  steps: ExecutionStatus[];
  /** Real ms when this phase started (the latency clock). */
  startedAtMs: number;
  /** GET /items/{id} (or Connect polls) seen during this phase. */
  polls: number;
  outcome: ExecutionOutcome;
  /** "login": before credentials are checked; "collect": after MFA, collecting data. */
  phase: "login" | "collect";
};

export type ItemRecord = {
  id: string;
  clientId: string;
  connectorId: number;
  status: ItemStatus;
  executionStatus: ExecutionStatus;
  statusDetail: WireStatusDetail | null;
  error: WireItemError | null;
  parameter: WireCredential | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  lastUpdatedAt: IsoDateTime | null;
  webhookUrl: string | null;
  clientUserId: string | null;
  consecutiveFailedLoginAttempts: number;
  nextAutoSyncAt: IsoDateTime | null;
  products: ProductType[] | null;
  /** Last credentials submitted (sandbox only: they are fake by construction). */
  credentials: Record<string, string>;
  /** Set by `setItemLoginError`: the stored credentials stop working until new ones are sent. */
  credentialsRejected: boolean;
  execution: ExecutionRecord | null;
  /** True once a first collection succeeded (item/created was sent). */
  collected: boolean;
  /** The data login behind the Item (username typed at the bank), fixed at the first success. */
  dataUsername: string | null;
  /** Oldest transaction date collected: sandbox "now" at first collection minus the history span. */
  historyFrom: string | null;
  /** Real ms of the last manual (PATCH) update, for the 20/min limit. */
  patchTimesMs: number[];
  /** Accounts opened at the bank since the Item was made (data/opened-accounts.ts); absent = 0. */
  openedAccounts?: number;
  /** Consents given to the Item, oldest first (see consents.ts); absent until the first success. */
  consents?: ConsentRecord[];
};

/** One consent (GET /consents): what the user authorised the Item to collect, and until when. */
export type ConsentRecord = {
  id: string;
  products: ProductType[];
  openFinancePermissionsGranted: string[];
  createdAt: IsoDateTime;
  expiresAt: IsoDateTime | null;
  revokedAt: IsoDateTime | null;
};

export type AccountRecord = WireAccount & {
  /** `persistentAccountId` of the sandbox data account. */
  sourceId: string;
};

export type TransactionRecord = WireTransaction & {
  itemId: string;
  /** Id of the sandbox data event this row mirrors. */
  sourceId: string;
  /** Content fingerprint used to detect in-place modifications between syncs. */
  fingerprint: string;
  /** A category set through PATCH /transactions/{id} (kept across syncs). */
  userCategoryId: string | null;
};

export type WebhookRecord = {
  id: string;
  clientId: string;
  url: string;
  event: string;
  headers: Record<string, string>;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  disabledAt: IsoDateTime | null;
};

export type ConnectTokenRecord = {
  jti: string;
  clientId: string;
  itemId: string | null;
  webhookUrl: string | null;
  clientUserId: string | null;
  oauthRedirectUri: string | null;
  avoidDuplicates: boolean;
  /** Items created with this token (the token may read them). */
  itemIds: string[];
  expiresAtMs: number;
};

export type PluggyState = {
  version: 1;
  /** Monotonic counter for ids (items, webhooks, events). */
  counter: number;
  /** Last ingestion instant handed out (ms, sandbox clock), so createdAt/updatedAt strictly increase. */
  lastIngestMs: number;
  /** Bumping it invalidates every api key issued before. */
  apiKeyEpoch: number;
  items: Record<string, ItemRecord>;
  accounts: Record<string, AccountRecord>;
  transactions: Record<string, TransactionRecord>;
  webhooks: Record<string, WebhookRecord>;
  connectTokens: Record<string, ConnectTokenRecord>;
  /** Connector health overrides set through the control API. */
  connectorHealth: Record<string, ConnectorHealthStatus>;
};

export function emptyPluggyState(): PluggyState {
  return {
    version: 1,
    counter: 0,
    lastIngestMs: 0,
    apiKeyEpoch: 1,
    items: {},
    accounts: {},
    transactions: {},
    webhooks: {},
    connectTokens: {},
    connectorHealth: {},
  };
}

export interface PluggyStateStore {
  load(): PluggyState | Promise<PluggyState>;
  save(state: PluggyState): void | Promise<void>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates the outer shape of a stored state and fills missing sections; throws if it is not one. */
export function normalizePluggyState(raw: unknown): PluggyState {
  if (!isRecord(raw) || raw.version !== 1 || !isRecord(raw.items)) throw new Error("not a Pluggy sandbox state (version 1)");
  const base = emptyPluggyState();
  const section = <K extends "items" | "accounts" | "transactions" | "webhooks" | "connectTokens" | "connectorHealth">(k: K): PluggyState[K] =>
    (isRecord(raw[k]) ? raw[k] : base[k]) as PluggyState[K];
  return {
    version: 1,
    counter: typeof raw.counter === "number" ? raw.counter : 0,
    lastIngestMs: typeof raw.lastIngestMs === "number" ? raw.lastIngestMs : 0,
    apiKeyEpoch: typeof raw.apiKeyEpoch === "number" ? raw.apiKeyEpoch : 1,
    items: section("items"),
    accounts: section("accounts"),
    transactions: section("transactions"),
    webhooks: section("webhooks"),
    connectTokens: section("connectTokens"),
    connectorHealth: section("connectorHealth"),
  };
}

/** The Pluggy emulator's section of the shared sandbox store (`sections.pluggy`, see shared-store.ts). */
export const pluggySection = defineSection<PluggyState>({ name: "pluggy", create: emptyPluggyState, normalize: normalizePluggyState });

/** Keeps the state object in memory (the default; one per sandbox instance). */
export function createMemoryPluggyStore(initial?: PluggyState): PluggyStateStore {
  let state = initial ?? emptyPluggyState();
  return {
    load: () => state,
    save: (s) => {
      state = s;
    },
  };
}

/**
 * Persists the state as its own JSON file, written atomically (temp file + rename) after every
 * request that changed it. A missing file starts empty; a file that is not a Pluggy state is an
 * error (never silently discarded).
 */
export function createJsonFilePluggyStore(file: string): PluggyStateStore {
  return {
    load() {
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyPluggyState();
        throw err;
      }
      try {
        return normalizePluggyState(JSON.parse(text));
      } catch (err) {
        throw new Error(`${file} is not a Pluggy sandbox state file: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    save(state) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(state));
      fs.renameSync(tmp, file);
    },
  };
}

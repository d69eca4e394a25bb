/**
 * SandboxStore: the emulators' mutable state behind a tiny interface.
 *
 *   read()        → a private copy of the state
 *   update(fn)    → runs fn on a copy, commits it if fn returns (discards it if fn throws),
 *                   persists, and resolves with fn's result. Updates are serialised per store.
 *
 * Two implementations: in memory, and a JSON file written atomically (temp file + rename) so the
 * app process keeps sandbox state across restarts. The file store re-reads the file when another
 * writer changed it (mtime/size), but it takes no cross-process lock: one writer process at a time.
 *
 * The state holds the shared sandbox clock, the Plaid emulator's state, and `ext`, free JSON
 * sections for other emulators (e.g. `ext.pluggy`), which validate their own section.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ClockState } from "./clock";
import { createPlaidState, normalizePlaidState, type PlaidState } from "./plaid/state";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface SandboxState {
  version: 1;
  /** Null until an emulator first initialises it from its clock. */
  clock: ClockState | null;
  plaid: PlaidState;
  ext: Record<string, JsonValue>;
}

export interface SandboxStore {
  read(): Promise<SandboxState>;
  update<T>(fn: (state: SandboxState) => T): Promise<T>;
}

export function createInitialState(opts: { seed?: number; clock?: ClockState } = {}): SandboxState {
  return { version: 1, clock: opts.clock ?? null, plaid: createPlaidState(opts.seed), ext: {} };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates the outer shape of a state read from JSON and fills defaults. */
export function normalizeState(raw: unknown): SandboxState {
  if (!isRecord(raw) || raw.version !== 1) throw new Error("not a sandbox state (version 1)");
  const clock = isRecord(raw.clock) && typeof raw.clock.baseMs === "number" && typeof raw.clock.offsetDays === "number" ? { baseMs: raw.clock.baseMs, offsetDays: raw.clock.offsetDays } : null;
  return {
    version: 1,
    clock,
    plaid: normalizePlaidState(raw.plaid),
    ext: isRecord(raw.ext) ? (raw.ext as Record<string, JsonValue>) : {},
  };
}

/** Serialises async work: each call runs after the previous one settled. */
function createMutex(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

export function createMemoryStore(initial: SandboxState = createInitialState()): SandboxStore {
  let state = structuredClone(initial);
  const exclusive = createMutex();
  return {
    read: () => exclusive(async () => structuredClone(state)),
    update: <T>(fn: (s: SandboxState) => T) =>
      exclusive(async () => {
        const draft = structuredClone(state);
        const result = fn(draft);
        state = draft;
        return result;
      }),
  };
}

export interface FileStoreOptions {
  /** State used when the file does not exist yet. */
  initial?: () => SandboxState;
}

/**
 * A JSON-file store. A missing file starts from `initial()`. A file that is not valid sandbox
 * state is moved aside to `<path>.corrupt-<time>` and replaced by a fresh state.
 */
export function createFileStore(filePath: string, opts: FileStoreOptions = {}): SandboxStore {
  const initial = opts.initial ?? (() => createInitialState());
  const exclusive = createMutex();
  let cached: SandboxState | null = null;
  let stamp = "";
  let writes = 0;

  const stampOf = (s: { mtimeMs: number; size: number }) => `${s.mtimeMs}:${s.size}`;

  async function load(): Promise<SandboxState> {
    let st;
    try {
      st = await fs.stat(filePath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      if (!cached) cached = initial();
      return cached;
    }
    if (cached && stampOf(st) === stamp) return cached;
    const text = await fs.readFile(filePath, "utf8");
    try {
      cached = normalizeState(JSON.parse(text));
    } catch {
      await fs.rename(filePath, `${filePath}.corrupt-${Date.now()}`).catch(() => undefined);
      cached = initial();
    }
    stamp = stampOf(st);
    return cached;
  }

  async function save(state: SandboxState): Promise<void> {
    await fs.mkdir(path.dirname(filePath), { recursive: true });
    const tmp = `${filePath}.${process.pid}.${++writes}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(state), "utf8");
    await fs.rename(tmp, filePath);
    stamp = stampOf(await fs.stat(filePath));
  }

  return {
    read: () => exclusive(async () => structuredClone(await load())),
    update: <T>(fn: (s: SandboxState) => T) =>
      exclusive(async () => {
        const draft = structuredClone(await load());
        const result = fn(draft);
        await save(draft);
        cached = draft;
        return result;
      }),
  };
}

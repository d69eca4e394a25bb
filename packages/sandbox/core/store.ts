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
 * The state holds the shared sandbox clock and one JSON section per emulator (`sections.plaid`,
 * `sections.pluggy`, …). The store knows no emulator: each one defines its section (a name, a
 * fresh value, a normalizer; see defineSection) and reads it with sectionOf. Files written by the
 * earlier layout (version 1: `plaid` at the top, other emulators under `ext`) are read as sections.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ClockState } from "./clock";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface SandboxState {
  version: 2;
  /** Null until an emulator first initialises it from its clock. */
  clock: ClockState | null;
  /** One section per emulator, by name; each emulator validates its own (see StoreSection). */
  sections: Record<string, JsonValue>;
}

export interface SandboxStore {
  read(): Promise<SandboxState>;
  update<T>(fn: (state: SandboxState) => T): Promise<T>;
}

/** An emulator's section of the state: its name, a fresh value, and how to read a stored one. */
export interface StoreSection<T extends object> {
  readonly name: string;
  create(): T;
  /** Validates a stored value and fills defaults; throws when it is not this section at all. */
  normalize(raw: unknown): T;
}

export function defineSection<T extends object>(section: StoreSection<T>): StoreSection<T> {
  return section;
}

/** Values already normalized (so a second sectionOf on the same draft returns the same object). */
const normalized = new WeakSet<object>();

/**
 * The section's value inside `state`: created when missing, normalized once per copy. Changes to
 * the returned object are changes to `state` (commit them with store.update).
 */
export function sectionOf<T extends object>(state: SandboxState, section: StoreSection<T>): T {
  const raw = state.sections[section.name];
  if (typeof raw === "object" && raw !== null && normalized.has(raw)) return raw as unknown as T;
  const value = raw === undefined ? section.create() : section.normalize(raw);
  normalized.add(value);
  state.sections[section.name] = value as unknown as JsonValue;
  return value;
}

/** The section's value, or undefined when the state has none (reads only; nothing is created). */
export function peekSection<T extends object>(state: SandboxState, section: StoreSection<T>): T | undefined {
  return state.sections[section.name] === undefined ? undefined : sectionOf(state, section);
}

/** Replaces the section's value in `state` (e.g. to seed a fresh state). */
export function setSection<T extends object>(state: SandboxState, section: StoreSection<T>, value: T): void {
  normalized.add(value);
  state.sections[section.name] = value as unknown as JsonValue;
}

export function createInitialState(opts: { clock?: ClockState; sections?: Record<string, JsonValue> } = {}): SandboxState {
  return { version: 2, clock: opts.clock ?? null, sections: { ...(opts.sections ?? {}) } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates the outer shape of a state read from JSON. Version 1 files (`plaid` at the top level,
 * other emulators under `ext`) become sections. Sections themselves are checked by their owners.
 */
export function normalizeState(raw: unknown): SandboxState {
  if (!isRecord(raw) || (raw.version !== 1 && raw.version !== 2)) throw new Error("not a sandbox state (version 1 or 2)");
  const clock = isRecord(raw.clock) && typeof raw.clock.baseMs === "number" && typeof raw.clock.offsetDays === "number" ? { baseMs: raw.clock.baseMs, offsetDays: raw.clock.offsetDays } : null;
  if (raw.version === 2) return { version: 2, clock, sections: isRecord(raw.sections) ? (raw.sections as Record<string, JsonValue>) : {} };
  if (!isRecord(raw.plaid)) throw new Error("version 1 sandbox state without a plaid object");
  const ext = isRecord(raw.ext) ? (raw.ext as Record<string, JsonValue>) : {};
  return { version: 2, clock, sections: { ...ext, plaid: raw.plaid as JsonValue } };
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
    // Private (0700 folder, 0600 file): the state holds access tokens and the webhook signing key.
    await fs.mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
    const tmp = `${filePath}.${process.pid}.${++writes}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(state), { encoding: "utf8", mode: 0o600 });
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

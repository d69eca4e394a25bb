/**
 * The sandbox clock: a fixed base instant plus an offset in days. It does not tick with wall
 * time; tests and the control page move it with `advance(days)` so new bank activity appears.
 * The emulators persist the clock in the store (see `SandboxState.clock`) and keep this object in
 * step with it; to move time for a running emulator use its `advanceClock()` control.
 */
import { DAY_MS } from "@bank-connections/sandbox/data/dates";

/** The fixed base of tests, harnesses and drills (deterministic data). */
export const DEFAULT_SANDBOX_BASE = "2026-11-01T12:00:00Z";

/**
 * The base of a sandbox a person uses (the app's embedded sandbox): the wall-clock instant of its
 * first start, to the minute, so "the last 30 days" of a new connection has 30 days of activity.
 * Only used while the store holds no clock yet: once saved, the stored clock wins (restarts resume).
 */
export function wallClockBase(wallNowMs: number = Date.now()): number {
  if (!Number.isFinite(wallNowMs)) throw new Error("wallNowMs must be a finite number");
  return Math.floor(wallNowMs / 60_000) * 60_000;
}

export interface ClockState {
  baseMs: number;
  offsetDays: number;
}

export interface SandboxClock {
  /** The base instant (ms since epoch). */
  readonly baseMs: number;
  /** Days added to the base (may be fractional). */
  readonly offsetDays: number;
  nowMs(): number;
  now(): Date;
  /** Moves the clock forward (or back, with a negative value); returns the new now (ms). */
  advance(days: number): number;
  set(state: Partial<ClockState>): void;
  state(): ClockState;
}

/** Accepts an ISO string, a Date or epoch ms; throws on anything unparseable. */
export function parseClockBase(base: string | number | Date): number {
  const ms = typeof base === "number" ? base : typeof base === "string" ? Date.parse(base) : base.getTime();
  if (!Number.isFinite(ms)) throw new Error(`invalid sandbox clock base: ${String(base)}`);
  return ms;
}

export function createSandboxClock(opts: { base?: string | number | Date; offsetDays?: number } = {}): SandboxClock {
  let baseMs = parseClockBase(opts.base ?? DEFAULT_SANDBOX_BASE);
  let offsetDays = opts.offsetDays ?? 0;
  if (!Number.isFinite(offsetDays)) throw new Error("offsetDays must be a finite number");
  return {
    get baseMs() {
      return baseMs;
    },
    get offsetDays() {
      return offsetDays;
    },
    nowMs: () => Math.round(baseMs + offsetDays * DAY_MS),
    now: () => new Date(Math.round(baseMs + offsetDays * DAY_MS)),
    advance(days: number) {
      if (!Number.isFinite(days)) throw new Error("days must be a finite number");
      offsetDays += days;
      return Math.round(baseMs + offsetDays * DAY_MS);
    },
    set(state) {
      if (state.baseMs !== undefined) baseMs = parseClockBase(state.baseMs);
      if (state.offsetDays !== undefined) {
        if (!Number.isFinite(state.offsetDays)) throw new Error("offsetDays must be a finite number");
        offsetDays = state.offsetDays;
      }
    },
    state: () => ({ baseMs, offsetDays }),
  };
}

import { defaultWindow, getLoginData, visibleAt } from "@bank-connections/sandbox/data";
import type { LoginData, TxState } from "@bank-connections/sandbox/data/types";
import type { PluggyDataSource } from "./ingest";

/**
 * Adapter from the shared deterministic sandbox data (data/) to what the Pluggy
 * emulator needs. A login is (connector id as institution id, typed username, seed); the window
 * follows the sandbox clock (`defaultWindow`), which only ever appends events as time advances.
 */
export type DataClock = {
  nowMs(): number;
  /** The clock's base instant (history is generated back from it). Default: `nowMs()` at creation. */
  readonly baseMs?: number;
};

export function createSharedDataSource(opts: { seed: number; clock: DataClock }): PluggyDataSource {
  const { seed, clock } = opts;
  const fallbackBase = clock.nowMs();
  return {
    loginData(connectorId: number, username: string): LoginData {
      const window = defaultWindow({ baseMs: clock.baseMs ?? fallbackBase, nowMs: clock.nowMs() });
      return getLoginData({ institutionId: String(connectorId), username, seed }, window);
    },
    statesAt(data: LoginData, atMs: number): TxState[] {
      return visibleAt(data, atMs);
    },
  };
}

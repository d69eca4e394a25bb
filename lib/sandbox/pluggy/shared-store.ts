import type { SandboxClock } from "@/lib/sandbox/clock";
import type { JsonValue, SandboxStore } from "@/lib/sandbox/store";
import { emptyPluggyState, normalizePluggyState, type PluggyState, type PluggyStateStore } from "./state";

/**
 * Keeps the Pluggy state in the shared SandboxStore's `ext.pluggy` section (memory or JSON file,
 * see lib/sandbox/store.ts), next to the Plaid state and the shared clock.
 *
 * Clock: on load, a clock saved in the store wins over the clock object (so a restart resumes the
 * sandbox date); if the store has none yet, the clock object's state is saved. On every save the
 * clock's current state is written back, so `advanceClock` survives restarts. Pass the SAME clock
 * object to every emulator of the process so they agree on "now".
 */
export function createSharedPluggyStore(store: SandboxStore, clock?: SandboxClock): PluggyStateStore {
  return {
    async load(): Promise<PluggyState> {
      const s = await store.read();
      if (clock) {
        if (s.clock) clock.set(s.clock);
        else await store.update((draft) => void (draft.clock = clock.state()));
      }
      const raw = s.ext.pluggy;
      return raw === undefined ? emptyPluggyState() : normalizePluggyState(raw);
    },
    async save(state: PluggyState): Promise<void> {
      await store.update((draft) => {
        draft.ext.pluggy = state as unknown as JsonValue;
        if (clock) draft.clock = clock.state();
      });
    },
  };
}

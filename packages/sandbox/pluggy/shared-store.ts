import type { SandboxClock } from "@bank-connections/sandbox/core/clock";
import { peekSection, setSection, type SandboxStore } from "@bank-connections/sandbox/core/store";
import { emptyPluggyState, pluggySection, type PluggyState, type PluggyStateStore } from "./state";

/**
 * Keeps the Pluggy state in the shared SandboxStore's `pluggy` section (memory or JSON file,
 * see core/store.ts), next to the Plaid state and the shared clock.
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
      return peekSection(s, pluggySection) ?? emptyPluggyState();
    },
    async save(state: PluggyState): Promise<void> {
      await store.update((draft) => {
        setSection(draft, pluggySection, state);
        if (clock) draft.clock = clock.state();
      });
    },
  };
}

/** The Pluggy emulator's `addAccount` control: an Item whose bank login gained an account. */
import type { PluggyEngine } from "./engine";
import type { ItemRecord } from "./state";

/**
 * Counts one more opened account on the Item (data/opened-accounts.ts) and collects it at once, as
 * Pluggy would on the Item's next update: the update runs and settles (item/updated is sent) and
 * the new account is listed under the same Item. Returns its Pluggy account id.
 */
export function addAccountToItem(engine: PluggyEngine, item: ItemRecord): string {
  if (!item.collected || !item.dataUsername) throw new Error(`Pluggy sandbox item ${item.id} has no collected data yet`);
  if (item.execution) engine.settle(item);
  const before = new Set(Object.values(engine.state.accounts).filter((a) => a.itemId === item.id).map((a) => a.id));
  item.openedAccounts = (item.openedAccounts ?? 0) + 1;
  engine.startSync(item);
  if (!item.execution) throw new Error(`Pluggy sandbox item ${item.id} cannot be updated now (${item.status})`);
  engine.settle(item);
  const added = Object.values(engine.state.accounts).find((a) => a.itemId === item.id && !before.has(a.id));
  if (!added) throw new Error(`Pluggy sandbox item ${item.id} did not collect its new account`);
  return added.id;
}

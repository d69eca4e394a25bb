import type { PrismaClient } from "@/lib/generated/prisma/client";
import { DecryptionError, keyIdOf, type Keyring } from "./envelope";

/**
 * Key rotation: re-wraps every envelope-encrypted value that is not under the current master key
 * (the first of TOKEN_ENCRYPTION_KEYS, or of DATA_DIR/secrets.json) so the old keys can then be
 * removed. In batches, by id; idempotent (a second run re-wraps nothing); a value changed by the app
 * meanwhile is left as the app wrote it (always under the current key). Reports counts, never values.
 *
 * The walk is here, beside the envelope it re-wraps; each encrypted column is described where its
 * values are sealed and passed in (`ENCRYPTED_COLUMNS` in lib/connections/secret.ts:
 * connections.secret, the Plaid access token / Pluggy item id; the Plaid link tokens; the
 * auth_accounts OAuth tokens of lib/security/oauth-tokens.ts, whose clear rows of older versions
 * `npm run keys:rotate` seals first).
 */
export type ColumnReport = { column: string; scanned: number; rotated: number; alreadyCurrent: number; changedMeanwhile: number; failed: number; failedIds: string[] };
export type RotationReport = { currentKid: string; columns: ColumnReport[] };

export type EncryptedColumn = {
  column: string;
  /** Rows with a value, ids after `afterId`, in id order. */
  batch(db: PrismaClient, afterId: string | undefined, take: number): Promise<{ id: string; value: string }[]>;
  /** The value re-encrypted under the keyring's current key (throws DecryptionError if unreadable). */
  rewrap(keyring: Keyring, id: string, value: string): string;
  /** Writes `next` only if the row still holds `previous`; false when it changed meanwhile. */
  replace(db: PrismaClient, id: string, previous: string, next: string): Promise<boolean>;
};

export async function rotateKeys(db: PrismaClient, keyring: Keyring, encrypted: readonly EncryptedColumn[], opts: { batchSize?: number; onBatch?: (column: string, done: number) => void } = {}): Promise<RotationReport> {
  const batchSize = opts.batchSize ?? 200;
  const currentKid = keyring.current.kid;
  const columns: ColumnReport[] = [];
  for (const col of encrypted) {
    const r: ColumnReport = { column: col.column, scanned: 0, rotated: 0, alreadyCurrent: 0, changedMeanwhile: 0, failed: 0, failedIds: [] };
    let afterId: string | undefined;
    for (;;) {
      const rows = await col.batch(db, afterId, batchSize);
      if (rows.length === 0) break;
      for (const row of rows) {
        r.scanned++;
        let next: string;
        try {
          if (keyIdOf(row.value) === currentKid) {
            r.alreadyCurrent++;
            continue;
          }
          next = col.rewrap(keyring, row.id, row.value);
        } catch (err) {
          if (!(err instanceof DecryptionError)) throw err;
          r.failed++;
          r.failedIds.push(row.id);
          continue;
        }
        if (await col.replace(db, row.id, row.value, next)) r.rotated++;
        else r.changedMeanwhile++;
      }
      afterId = rows[rows.length - 1]!.id;
      opts.onBatch?.(col.column, r.scanned);
    }
    columns.push(r);
  }
  return { currentKid, columns };
}

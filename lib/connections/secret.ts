import { decrypt, encrypt, rewrap } from "@/lib/crypto/envelope";
import type { EncryptedColumn } from "@/lib/crypto/rotate-keys";
import { getTokenKeyring } from "@/lib/secrets";
import { OAUTH_TOKEN_COLUMNS } from "@/lib/security/oauth-tokens";
import { linkTokenColumn } from "./link-sessions";

/** Provider secrets of a connection, encrypted and bound to that connection's id. */
const context = (connectionId: string) => `connection:${connectionId}:provider-secret`;

export function sealSecret(connectionId: string, secret: string): string {
  return encrypt(getTokenKeyring(), secret, context(connectionId));
}

export function openSecret(connectionId: string, sealed: string): string {
  return decrypt(getTokenKeyring(), sealed, context(connectionId));
}

/** connections.secret, as `npm run keys:rotate` walks it (lib/crypto/rotate-keys.ts). */
export const connectionSecretColumn: EncryptedColumn = {
  column: "connections.secret",
  batch: async (db, afterId, take) => {
    const rows = await db.connection.findMany({
      where: { secret: { not: null }, ...(afterId ? { id: { gt: afterId } } : {}) },
      select: { id: true, secret: true },
      orderBy: { id: "asc" },
      take,
    });
    return rows.map((r) => ({ id: r.id, value: r.secret! }));
  },
  rewrap: (keyring, id, value) => rewrap(keyring, value, context(id)),
  replace: async (db, id, previous, next) => (await db.connection.updateMany({ where: { id, secret: previous }, data: { secret: next } })).count === 1,
};

/**
 * Every envelope-encrypted column (all under the token keyring): what key rotation re-wraps —
 * provider secrets, Plaid link tokens, and the sign-in accounts' OAuth tokens (auth_accounts).
 */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [connectionSecretColumn, linkTokenColumn, ...OAUTH_TOKEN_COLUMNS];

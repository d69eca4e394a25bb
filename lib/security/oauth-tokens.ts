import { decrypt, encrypt, rewrap, type Keyring } from "@/lib/crypto/envelope";
import type { EncryptedColumn } from "@/lib/crypto/rotate-keys";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getTokenKeyring } from "@/lib/secrets";

/**
 * The OAuth tokens of sign-in accounts (`auth_accounts`: Google's access, refresh and id tokens)
 * are sealed with the same envelope and keyring as the provider tokens (lib/crypto/envelope.ts),
 * each bound to its row and column ("oauth-account:<provider>:<providerAccountId>:<column>"), so a
 * value copied to another row or column does not open. They are sealed where they are written: the
 * Auth.js adapter's linkAccount (lib/auth/config.ts), a later sign-in's fresh tokens
 * (lib/auth/google-tokens.ts) and Bkper's token refresh (lib/books/bkper/google-token-source.ts).
 *
 * Rows written in clear by versions before this one are sealed by `sealClearOAuthTokens`, run at
 * every server start and by `npm run keys:rotate` (a SQL migration cannot encrypt: the keys are
 * not in the database). Reading accepts such a clear value until then, so nothing breaks in between.
 */
export const OAUTH_TOKEN_FIELDS = ["access_token", "refresh_token", "id_token"] as const;
export type OAuthTokenField = (typeof OAUTH_TOKEN_FIELDS)[number];

const context = (provider: string, providerAccountId: string, field: OAuthTokenField) => `oauth-account:${provider}:${providerAccountId}:${field}`;

/** An ev1 envelope (clear OAuth tokens never start so: Google's are "ya29.", "1//", "eyJ"). */
export const isSealed = (value: string) => value.startsWith("ev1.");

export function sealOAuthToken(provider: string, providerAccountId: string, field: OAuthTokenField, value: string, keyring: Keyring = getTokenKeyring()): string {
  return isSealed(value) ? value : encrypt(keyring, value, context(provider, providerAccountId, field));
}

/** The token in clear; null stays null; a clear value not sealed yet is returned as it is. */
export function openOAuthToken(provider: string, providerAccountId: string, field: OAuthTokenField, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return isSealed(value) ? decrypt(getTokenKeyring(), value, context(provider, providerAccountId, field)) : value;
}

type TokenCarrier = { provider: string; providerAccountId: string } & { [F in OAuthTokenField]?: string | null | undefined };

/** A copy of an account (as Auth.js hands it to linkAccount, or a sign-in's `account`) with its tokens sealed. */
export function sealAccountTokens<T extends TokenCarrier>(account: T): T {
  const out = { ...account };
  for (const field of OAUTH_TOKEN_FIELDS) {
    const value = account[field];
    if (typeof value === "string" && value !== "") (out as TokenCarrier)[field] = sealOAuthToken(account.provider, account.providerAccountId, field, value);
  }
  return out;
}

type AccountKey = { provider: string; providerAccountId: string };
const idOf = (k: AccountKey) => JSON.stringify([k.provider, k.providerAccountId]);
function keyOf(id: string): AccountKey {
  const [provider, providerAccountId] = JSON.parse(id) as [string, string];
  return { provider, providerAccountId };
}
const after = (id: string | undefined) => {
  if (!id) return {};
  const k = keyOf(id);
  return { OR: [{ provider: { gt: k.provider } }, { provider: k.provider, providerAccountId: { gt: k.providerAccountId } }] };
};

/** `{ <field>: value }` for one of the three columns (typed, unlike a computed key). */
function on<V>(field: OAuthTokenField, value: V): { access_token: V } | { refresh_token: V } | { id_token: V } {
  return field === "access_token" ? { access_token: value } : field === "refresh_token" ? { refresh_token: value } : { id_token: value };
}

function accountsAfter(db: PrismaClient, afterId: string | undefined, take: number, field: OAuthTokenField, sealed: boolean) {
  return db.account.findMany({
    where: { ...on(field, sealed ? { startsWith: "ev1." } : { not: null }), ...after(afterId) },
    select: { provider: true, providerAccountId: true, access_token: true, refresh_token: true, id_token: true },
    orderBy: [{ provider: "asc" }, { providerAccountId: "asc" }],
    take,
  });
}

async function replaceToken(db: PrismaClient, id: string, field: OAuthTokenField, previous: string, next: string): Promise<boolean> {
  const k = keyOf(id);
  return (await db.account.updateMany({ where: { ...k, ...on(field, previous) }, data: on(field, next) })).count === 1;
}

/** auth_accounts' three token columns, as key rotation walks them (only sealed values). */
export const OAUTH_TOKEN_COLUMNS: readonly EncryptedColumn[] = OAUTH_TOKEN_FIELDS.map(
  (field): EncryptedColumn => ({
    column: `auth_accounts.${field}`,
    batch: async (db, afterId, take) => (await accountsAfter(db, afterId, take, field, true)).map((r) => ({ id: idOf(r), value: r[field]! })),
    rewrap: (keyring, id, value) => {
      const k = keyOf(id);
      return rewrap(keyring, value, context(k.provider, k.providerAccountId, field));
    },
    replace: (db, id, previous, next) => replaceToken(db, id, field, previous, next),
  }),
);

/**
 * Seals every token still in clear (rows of older versions). Idempotent, safe beside a running
 * app (a value changed meanwhile is left as the app wrote it: sealed). The keyring is asked for
 * only when there is something to seal. Returns how many values it sealed.
 */
export async function sealClearOAuthTokens(db: PrismaClient, keyring?: Keyring): Promise<number> {
  let sealed = 0;
  for (const field of OAUTH_TOKEN_FIELDS) {
    let afterId: string | undefined;
    for (;;) {
      const rows = await accountsAfter(db, afterId, 200, field, false);
      if (rows.length === 0) break;
      for (const row of rows) {
        const value = row[field];
        if (!value || isSealed(value)) continue;
        keyring ??= getTokenKeyring();
        if (await replaceToken(db, idOf(row), field, value, sealOAuthToken(row.provider, row.providerAccountId, field, value, keyring))) sealed++;
      }
      afterId = idOf(rows[rows.length - 1]!);
    }
  }
  return sealed;
}

import type { SqlExecutor } from "@/lib/db/sql";

/**
 * Bulk SQL seeding for the load script: one Book that the load user owns, 1,000 bank connections
 * (the user's own and other members' shared into the Book; Plaid and Pluggy; connected, syncing,
 * login required, error), their institution accounts, 5,000 integrations linking those accounts to
 * Book Accounts, bank transactions with their postings (the integrations page's chart, pending and
 * flagged counts) and sync runs. Set-based INSERT … SELECT over generate_series: seconds, not
 * minutes. Ids are deterministic (`load-…`), so webhooks can name items they know exist.
 */

export type LoadSeedOptions = {
  connections: number;
  /** Accounts linked into the Book per connection: connections × this = integrations. */
  linkedAccountsPerConnection: number;
  /** Every n-th connection has one more account, left unlinked (Link Account on the page). */
  unlinkedEvery: number;
  /** Other users whose connections are shared into the Book (the rest are the load user's). */
  otherOwners: number;
  /** Share of connections owned by the load user (0..1). */
  ownShare: number;
  /** Bank transactions (and postings) per integration, spread over the last 90 days. */
  transactionsPerIntegration: number;
  /** Seals a provider secret for a connection (lib/connections/secret.ts sealSecret in the script). */
  seal: (connectionId: string, plaintext: string) => string;
};

export const LOAD_USER = { id: "load-user", email: "load@example.com", name: "Lena Load" } as const;
export const LOAD_BOOK = { id: "load-book", name: "Load Test Ltd" } as const;

export const DEFAULT_LOAD_SEED: Omit<LoadSeedOptions, "seal"> = {
  connections: 1000,
  linkedAccountsPerConnection: 5,
  unlinkedEvery: 10,
  otherOwners: 20,
  ownShare: 0.6,
  transactionsPerIntegration: 20,
};

export const connectionId = (i: number) => `load-conn-${i}`;
/** The provider's item id of connection i (Plaid item_id / Pluggy itemId): its itemRef is the SHA-256 the app computes. */
export const loadItemId = (i: number) => `load-item-${i}`;
/** Every third connection is a Pluggy (Brazil) one, the rest Plaid. */
export const providerOf = (i: number): "PLAID" | "PLUGGY" => (i % 3 === 0 ? "PLUGGY" : "PLAID");

/** Connection status by index: 2% login required, 2% error, 4% syncing, the rest connected. */
export function statusOf(i: number): "CONNECTED" | "SYNCING" | "LOGIN_REQUIRED" | "ERROR" {
  if (i % 50 === 7) return "LOGIN_REQUIRED";
  if (i % 50 === 13) return "ERROR";
  if (i % 25 === 3) return "SYNCING";
  return "CONNECTED";
}

export type SeedCounts = { users: number; connections: number; accounts: number; integrations: number; bankTransactions: number; postings: number; syncRuns: number };

export function expectedCounts(o: Omit<LoadSeedOptions, "seal">): SeedCounts {
  const extra = o.unlinkedEvery > 0 ? Math.floor(o.connections / o.unlinkedEvery) : 0;
  const integrations = o.connections * o.linkedAccountsPerConnection;
  return {
    users: 1 + o.otherOwners,
    connections: o.connections,
    accounts: integrations + extra,
    integrations,
    bankTransactions: integrations * o.transactionsPerIntegration,
    postings: integrations * o.transactionsPerIntegration,
    syncRuns: o.connections * 3,
  };
}

/** Seeds an empty, migrated database. Returns the row counts it inserted. */
export async function seedLoadData(db: SqlExecutor, options: Partial<Omit<LoadSeedOptions, "seal">> & Pick<LoadSeedOptions, "seal">): Promise<SeedCounts> {
  const o: LoadSeedOptions = { ...DEFAULT_LOAD_SEED, ...options };
  const own = Math.round(o.connections * o.ownShare);
  const n = o.connections;
  const k = o.linkedAccountsPerConnection;

  // Owner of connection i: the load user for i ≤ own, else one of the other members.
  const ownerSql = (i: string) => `CASE WHEN ${i} <= ${own} THEN '${LOAD_USER.id}' ELSE 'load-owner-' || (((${i} - 1) % ${Math.max(o.otherOwners, 1)}) + 1) END`;

  await db.query(`INSERT INTO users (id, email, name, "updatedAt") VALUES ($1, $2, $3, now())`, [LOAD_USER.id, LOAD_USER.email, LOAD_USER.name]);
  if (o.otherOwners > 0) {
    await db.query(
      `INSERT INTO users (id, email, name, "updatedAt")
       SELECT 'load-owner-' || g, 'owner' || g || '@load.example.com', 'Owner ' || g, now() FROM generate_series(1, $1::int) g`,
      [o.otherOwners],
    );
  }
  await db.query(`INSERT INTO books (id, name, currency, "timeZone", locale, "updatedAt") VALUES ($1, $2, 'USD', 'UTC', 'en-US', now())`, [LOAD_BOOK.id, LOAD_BOOK.name]);
  await db.query(`INSERT INTO book_members ("bookId", "userId", role) VALUES ($1, $2, 'OWNER')`, [LOAD_BOOK.id, LOAD_USER.id]);
  await db.query(`INSERT INTO book_members ("bookId", "userId", role) SELECT $1, id, 'EDITOR' FROM users WHERE id LIKE 'load-owner-%'`, [LOAD_BOOK.id]);

  // One Book Account per linked institution account (as Link Account creates them), plus the usual others.
  await db.query(
    `INSERT INTO ledger_accounts (id, "bookId", name, type, "updatedAt")
     SELECT 'load-la-' || c || '-' || a, $1, 'Bank ' || c || ' account ' || a,
            (CASE WHEN a = 4 THEN 'LIABILITY' ELSE 'ASSET' END)::"LedgerAccountType", now()
     FROM generate_series(1, $2::int) c, generate_series(1, $3::int) a`,
    [LOAD_BOOK.id, n, k],
  );
  await db.query(
    `INSERT INTO ledger_accounts (id, "bookId", name, type, "updatedAt") VALUES
       ('load-la-sales', $1, 'Sales', 'INCOMING', now()), ('load-la-rent', $1, 'Rent', 'OUTGOING', now()), ('load-la-software', $1, 'Software', 'OUTGOING', now())`,
    [LOAD_BOOK.id],
  );

  const ids = Array.from({ length: n }, (_, j) => connectionId(j + 1));
  const secrets = ids.map((id, j) => o.seal(id, providerOf(j + 1) === "PLAID" ? `access-sandbox-${loadItemId(j + 1)}` : loadItemId(j + 1)));
  await db.query(
    `INSERT INTO connections (id, "ownerId", provider, "itemRef", secret, "institutionId", "institutionName", country, status, "errorCode", "errorMessage",
                              "consentExpiresAt", "warningMessage", "lastSyncedAt", "nextSyncAt", "createdAt", "updatedAt")
     SELECT 'load-conn-' || i, ${ownerSql("i")}, p.provider::"BankProviderName",
            encode(sha256(convert_to(p.provider || ':load-item-' || i, 'UTF8')), 'hex'), s.secret,
            CASE WHEN p.provider = 'PLAID' THEN 'ins_' || (100000 + i % 40) ELSE 'pluggy_' || (200 + i % 15) END,
            CASE WHEN p.provider = 'PLAID' THEN 'Load Bank ' || (i % 40) ELSE 'Banco Carga ' || (i % 15) END,
            CASE WHEN p.provider = 'PLAID' THEN (ARRAY['US','CA','GB','FR','DE'])[1 + i % 5] ELSE 'BR' END,
            st.status::"ConnectionStatus",
            CASE st.status WHEN 'LOGIN_REQUIRED' THEN 'ITEM_LOGIN_REQUIRED' WHEN 'ERROR' THEN 'INSTITUTION_DOWN' END,
            CASE st.status WHEN 'LOGIN_REQUIRED' THEN 'The bank no longer accepts the saved login.' WHEN 'ERROR' THEN 'The bank is not answering right now.' END,
            CASE WHEN i % 40 = 5 THEN now() + interval '6 days' END,
            CASE WHEN i % 40 = 5 THEN 'Access to this bank expires soon: Reconnect before then to keep syncing.' END,
            now() - (i % 180) * interval '1 minute', now() + (i % 60) * interval '1 minute',
            now() - interval '200 days' + i * interval '1 minute', now()
     FROM generate_series(1, $1::int) i
     CROSS JOIN LATERAL (SELECT CASE WHEN i % 3 = 0 THEN 'PLUGGY' ELSE 'PLAID' END AS provider) p
     CROSS JOIN LATERAL (SELECT CASE WHEN i % 50 = 7 THEN 'LOGIN_REQUIRED' WHEN i % 50 = 13 THEN 'ERROR' WHEN i % 25 = 3 THEN 'SYNCING' ELSE 'CONNECTED' END AS status) st
     JOIN unnest($2::text[]) WITH ORDINALITY AS s(secret, ord) ON s.ord = i`,
    [n, secrets],
  );
  // Every connection is shared with the Book (the owner's own included, as Connect does from a Book).
  await db.query(
    `INSERT INTO connection_shares ("connectionId", "bookId", "sharedById") SELECT id, $1, "ownerId" FROM connections WHERE id LIKE 'load-conn-%'`,
    [LOAD_BOOK.id],
  );

  // Accounts 1..k are linked; every `unlinkedEvery`-th connection has one more, unlinked.
  await db.query(
    `INSERT INTO institution_accounts (id, "connectionId", "providerAccountId", name, "officialName", mask, type, subtype, currency, "balanceCurrent", "balanceAvailable", "balanceAt", "updatedAt")
     SELECT 'load-ia-' || c || '-' || a, 'load-conn-' || c, 'acc-' || c || '-' || a,
            (ARRAY['Checking','Savings','Business Checking','Credit Card','Money Market','Spare Account'])[a],
            NULL, lpad(((c * 7 + a * 131) % 10000)::text, 4, '0'),
            CASE WHEN a = 4 THEN 'credit' ELSE 'depository' END,
            CASE WHEN a = 4 THEN 'credit card' WHEN a = 2 THEN 'savings' ELSE 'checking' END,
            CASE WHEN c % 3 = 0 THEN 'BRL' ELSE 'USD' END,
            ((c * 37 + a * 1013) % 100000) / 7.0, ((c * 37 + a * 1013) % 100000) / 7.0, now(), now()
     FROM generate_series(1, $1::int) c, generate_series(1, $2::int + 1) a
     WHERE a <= $2::int OR ($3::int > 0 AND c % $3::int = 0)`,
    [n, k, o.unlinkedEvery],
  );

  await db.query(
    `INSERT INTO integrations (id, "bookId", "institutionAccountId", "bookAccountId", "periodStart", "createdById", status, "errorMessage", "postedCount", "lastPostedAt", "createdAt", "updatedAt")
     SELECT 'load-int-' || c || '-' || a, $1, 'load-ia-' || c || '-' || a, 'load-la-' || c || '-' || a,
            current_date - 365, conn."ownerId",
            (CASE WHEN conn.status = 'ERROR' AND a = 1 THEN 'ERROR' WHEN conn.status = 'SYNCING' THEN 'SYNCING' ELSE 'ACTIVE' END)::"IntegrationStatus",
            CASE WHEN conn.status = 'ERROR' AND a = 1 THEN 'The Book refused the last posting.' END,
            $4::int - 2, now() - (c % 90) * interval '1 hour', conn."createdAt" + a * interval '1 second', now()
     FROM generate_series(1, $2::int) c CROSS JOIN generate_series(1, $3::int) a
     JOIN connections conn ON conn.id = 'load-conn-' || c`,
    [LOAD_BOOK.id, n, k, o.transactionsPerIntegration],
  );

  // Bank transactions every 4 days back; the two newest are still dirty (pending in the Book),
  // one per 25 integrations was removed at the bank after it was checked (FLAGGED).
  await db.query(
    `INSERT INTO bank_transactions (id, "connectionId", "institutionAccountId", "providerTransactionId", date, amount, direction, currency, description, pending, removed, "updatedAt")
     SELECT 'load-bt-' || c || '-' || a || '-' || t, 'load-conn-' || c, 'load-ia-' || c || '-' || a, 'tx-' || c || '-' || a || '-' || t,
            current_date - t * 4, ((c * 13 + a * 7 + t * 101) % 50000) / 100.0, CASE WHEN t % 5 = 0 THEN 'in' ELSE 'out' END,
            CASE WHEN c % 3 = 0 THEN 'BRL' ELSE 'USD' END, 'Purchase ' || t || ' at Store ' || ((c + t) % 97), false,
            (t = $3::int AND (c * $2::int + a) % 25 = 0), now()
     FROM generate_series(1, $1::int) c, generate_series(1, $2::int) a, generate_series(1, $3::int) t`,
    [n, k, o.transactionsPerIntegration],
  );
  await db.query(
    `INSERT INTO postings (id, "integrationId", "bankTransactionId", state, dirty, "bookTransactionId", "postedDate", "postedAmount", "postedDescription", "postedAt", "updatedAt")
     SELECT 'load-p-' || c || '-' || a || '-' || t, 'load-int-' || c || '-' || a, 'load-bt-' || c || '-' || a || '-' || t,
            (CASE WHEN t <= 2 THEN 'NEW' WHEN t = $3::int AND (c * $2::int + a) % 25 = 0 THEN 'FLAGGED' ELSE 'POSTED' END)::"PostingState",
            t <= 2, CASE WHEN t > 2 THEN 'load-tx-' || c || '-' || a || '-' || t END,
            CASE WHEN t > 2 THEN to_char(current_date - t * 4, 'YYYY-MM-DD') END,
            CASE WHEN t > 2 THEN (((c * 13 + a * 7 + t * 101) % 50000) / 100.0)::text END,
            CASE WHEN t > 2 THEN 'Purchase ' || t || ' at Store ' || ((c + t) % 97) END,
            CASE WHEN t > 2 THEN now() - (t * 4 - 1) * interval '1 day' END, now()
     FROM generate_series(1, $1::int) c, generate_series(1, $2::int) a, generate_series(1, $3::int) t`,
    [n, k, o.transactionsPerIntegration],
  );

  // Three runs per connection, an hour apart: the newest is RUNNING for syncing connections (fresh
  // heartbeat), FAILED for broken ones, SUCCEEDED otherwise.
  await db.query(
    `INSERT INTO sync_runs (id, "connectionId", trigger, state, worker, added, modified, removed, posted, pages, "errorCode", "errorMessage", "retryAt", "startedAt", "heartbeatAt", "finishedAt")
     SELECT 'load-run-' || c || '-' || r, conn.id, (ARRAY['schedule','webhook','manual'])[r], s.state::"SyncRunState", 'load-worker',
            CASE WHEN r = 3 THEN 12 ELSE 3 END, 1, 0, CASE WHEN r = 3 THEN 8 ELSE 3 END, 1,
            CASE WHEN s.state = 'FAILED' THEN conn."errorCode" END, CASE WHEN s.state = 'FAILED' THEN conn."errorMessage" END,
            CASE WHEN s.state = 'FAILED' AND conn.status = 'ERROR' THEN now() + interval '30 minutes' END,
            now() - (3 - r) * interval '1 hour' - interval '2 minutes', now() - (3 - r) * interval '1 hour',
            CASE WHEN s.state <> 'RUNNING' THEN now() - (3 - r) * interval '1 hour' - interval '1 minute' END
     FROM generate_series(1, $1::int) c CROSS JOIN generate_series(1, 3) r
     JOIN connections conn ON conn.id = 'load-conn-' || c
     CROSS JOIN LATERAL (SELECT CASE WHEN r < 3 THEN 'SUCCEEDED' WHEN conn.status = 'SYNCING' THEN 'RUNNING'
                                     WHEN conn.status IN ('ERROR','LOGIN_REQUIRED') THEN 'FAILED' ELSE 'SUCCEEDED' END AS state) s`,
    [n],
  );
  await db.exec("ANALYZE");

  const count = async (table: string, where = "true") => Number((await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)).rows[0]!.n);
  return {
    users: await count("users", "id LIKE 'load-%'"),
    connections: await count("connections"),
    accounts: await count("institution_accounts"),
    integrations: await count("integrations"),
    bankTransactions: await count("bank_transactions"),
    postings: await count("postings"),
    syncRuns: await count("sync_runs"),
  };
}

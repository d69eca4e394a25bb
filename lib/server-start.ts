import { ConfigError, getConfig } from "@/lib/config";
import { getDatabase } from "@/lib/db";
import { DataDirLockedError } from "@/lib/db/lock";
import { MigrationError } from "@/lib/db/migrate";
import { registerPluggyWebhookAtStart } from "@/lib/providers/pluggy/startup";
import { getAuthSecret, getTokenKeyring } from "@/lib/secrets";
import { sealClearOAuthTokens } from "@/lib/security/oauth-tokens";
import { preparePrivateDataDir, setPrivateUmask } from "@/lib/security/data-dir";

/** Server start (Node runtime only): config, database, and a clean exit with one line on failure. */
export async function startServer(): Promise<void> {
  // Before any file is written (the database, secrets.json, sandbox.json): private to this user.
  setPrivateUmask();
  try {
    const config = getConfig();
    // DATA_DIR: refused if others can write it, tightened if they could read it. With PostgreSQL it
    // holds only the local sandbox banks' state (when they are on) and is created when first used.
    const tightened = preparePrivateDataDir(config.dataDir, { create: config.database.kind === "embedded" });
    if (tightened > 0) console.log(`Bank Connections: made ${tightened} entries in ${config.dataDir} private to this user (other users could read them).`);
    const db = await getDatabase();
    getAuthSecret(); // created once, before the first request can race for it
    // Google sign-in stores its tokens sealed: without the keys it would fail at the first sign-in.
    if (config.google) getTokenKeyring();
    // Tokens an older version stored in clear (a SQL migration cannot encrypt): sealed once, here.
    const sealed = await sealClearOAuthTokens(db.prisma);
    if (sealed > 0) console.log(`Bank Connections: sealed ${sealed} sign-in OAuth token(s) stored in clear by an older version.`);
  } catch (err) {
    fail(err);
  }
  // Real Pluggy only; never rejects, and a slow Pluggy must not hold up the start.
  void registerPluggyWebhookAtStart();
  if (getConfig().syncWorker === "in-process") {
    const { startInProcessWorker } = await import("@/lib/worker");
    await startInProcessWorker().catch((err: unknown) => {
      console.error(`Bank Connections: the sync worker did not start (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); syncs wait for the next start.`);
    });
  }
}

function fail(err: unknown): never {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof MigrationError) {
    for (const line of err.message.split("\n")) console.error(`Bank Connections cannot start: ${line}`);
    process.exit(1);
  }
  console.error(`Bank Connections cannot start: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  process.exit(1);
}

/**
 * `npm run keys:rotate`: re-encrypts every stored provider token under the current key. First it
 * seals sign-in OAuth tokens an older version stored in clear (lib/security/oauth-tokens.ts).
 *
 *   PostgreSQL: put the new key first in TOKEN_ENCRYPTION_KEYS ("new:KEY,old:KEY"), restart the
 *   app and workers, run this, then remove the old key from TOKEN_ENCRYPTION_KEYS.
 *   Embedded (DATA_DIR): stop the app, run with --new-key (adds a key to secrets.json and rotates),
 *   then --drop-old-keys (rotates again, and removes the old keys once nothing uses them).
 *
 * Opens the configured database like `npm run worker`. Prints counts only, never a value.
 */
import { ConfigError, getConfig } from "@/lib/config";
import { ENCRYPTED_COLUMNS } from "@/lib/connections/secret";
import { rotateKeys } from "@/lib/crypto/rotate-keys";
import { openDatabase } from "@/lib/db/open";
import { getTokenKeyring } from "@/lib/secrets";
import { addEmbeddedTokenKey, dropOldEmbeddedTokenKeys } from "@/lib/security/embedded-keys";
import { sealClearOAuthTokens } from "@/lib/security/oauth-tokens";

const USAGE = "usage: npm run keys:rotate [-- --new-key | --drop-old-keys] [--batch-size N]";

function parseArgs(argv: string[]): { newKey: boolean; dropOld: boolean; batchSize: number } {
  const out = { newKey: false, dropOld: false, batchSize: 200 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--new-key") out.newKey = true;
    else if (a === "--drop-old-keys") out.dropOld = true;
    else if (a === "--batch-size" && /^\d+$/.test(argv[i + 1] ?? "") && Number(argv[i + 1]) >= 1) out.batchSize = Number(argv[++i]);
    else throw new ConfigError([USAGE]);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = getConfig();
  const embeddedKeys = config.database.kind === "embedded" && !config.tokenKeys;
  if ((args.newKey || args.dropOld) && !embeddedKeys) {
    throw new ConfigError(["--new-key and --drop-old-keys manage DATA_DIR/secrets.json; with TOKEN_ENCRYPTION_KEYS, edit that variable instead"]);
  }
  const target = config.database.kind === "postgres" ? config.database : { kind: "embedded" as const, dataDir: config.dataDir };
  // The embedded database is locked by a running app: opening it fails loudly rather than racing it.
  const db = await openDatabase(target, { migrate: config.autoMigrate });
  try {
    if (args.newKey) console.log(`keys:rotate: added key ${addEmbeddedTokenKey(config.dataDir)} to secrets.json (it encrypts from now on)`);
    const sealed = await sealClearOAuthTokens(db.prisma, getTokenKeyring());
    if (sealed) console.log(`keys:rotate: auth_accounts: sealed ${sealed} OAuth token(s) stored in clear by an older version`);
    const report = await rotateKeys(db.prisma, getTokenKeyring(), ENCRYPTED_COLUMNS, {
      batchSize: args.batchSize,
      onBatch: (column, done) => console.log(`keys:rotate: ${column}: ${done} checked`),
    });
    let failed = 0;
    for (const c of report.columns) {
      failed += c.failed;
      console.log(
        `keys:rotate: ${c.column}: ${c.scanned} encrypted, ${c.rotated} re-encrypted under ${report.currentKid}, ${c.alreadyCurrent} already under it` +
          (c.changedMeanwhile ? `, ${c.changedMeanwhile} rewritten by the app meanwhile` : "") +
          (c.failed ? `, ${c.failed} NOT readable with the configured keys (rows ${c.failedIds.join(", ")})` : ""),
      );
    }
    if (failed > 0) {
      console.error("keys:rotate: some values could not be read: keep every old key configured until they are fixed.");
      process.exitCode = 1;
    } else if (args.dropOld) {
      const dropped = dropOldEmbeddedTokenKeys(config.dataDir);
      console.log(dropped.length ? `keys:rotate: removed old keys ${dropped.join(", ")} from secrets.json` : "keys:rotate: no old keys to remove");
    } else {
      console.log("keys:rotate: done; old keys are no longer needed by stored values.");
    }
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) for (const line of err.message.split("\n")) console.error(`keys:rotate: ${line}`);
  else console.error(`keys:rotate: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  process.exit(1);
});

import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "@/lib/config";

/**
 * DATA_DIR holds the embedded database (PGlite), the installation's keys (secrets.json) and the
 * sandbox banks' state (sandbox.json): nobody but the user running the portal may read or write
 * any of it. So:
 *   - every process that can create files there sets the umask to 077 first (setPrivateUmask);
 *   - the folder is created 0700, and on each open the files in it that are readable or writable
 *     by group or others are made private (PGlite extracts its initial cluster with mode 0666 and
 *     rewrites its relcache init files 0644 at every start, whatever the umask: tightening after
 *     it opened is the only way to keep its files 0600);
 *   - a DATA_DIR that others can WRITE is refused, with the command that fixes it: whoever could
 *     write there may already have planted or changed files, so nothing in it is trusted (a folder
 *     that others could only READ, as older versions left it, is tightened without asking).
 * Only what this user owns is changed; symbolic links inside are never followed.
 */
export const PRIVATE_UMASK = 0o077;

/** Sets the process umask to 077 (no-op where the runtime does not allow it, e.g. a worker thread). */
export function setPrivateUmask(): void {
  try {
    process.umask(PRIVATE_UMASK);
  } catch {
    // Worker threads cannot change the umask; files are still created with explicit modes and
    // tightened by makePrivate.
  }
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

/** The one line that refuses a DATA_DIR others can write (ConfigError: printed as "cannot start: …"). */
export function writableByOthersError(dir: string, mode: number): ConfigError {
  const octal = (mode & 0o7777).toString(8).padStart(4, "0");
  return new ConfigError([`DATA_DIR: ${dir} can be written by other users (mode ${octal}); nothing was opened. Fix it with: chmod 700 ${shellQuote(dir)}`]);
}

const ownedByMe = (st: fs.Stats) => typeof process.getuid !== "function" || st.uid === process.getuid();

/**
 * Makes `target` and everything under it private (dirs 0700, files 0600 at most), changing only
 * entries this user owns and never following symbolic links. Returns how many entries changed.
 */
export function makePrivate(target: string): number {
  let changed = 0;
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return; // removed meanwhile (a temp file)
      throw err;
    }
    if (st.isSymbolicLink() || !ownedByMe(st)) return;
    if ((st.mode & 0o077) !== 0) {
      try {
        fs.chmodSync(p, st.mode & 0o700);
        changed++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
  };
  visit(target);
  return changed;
}

/**
 * Before anything in DATA_DIR is opened or written: umask 077, the folder created 0700 (when
 * `create`), refused in one line when others can write it, its contents made private.
 * Returns how many entries were tightened (0 on a fresh or already private folder).
 */
export function preparePrivateDataDir(dir: string, opts: { create: boolean } = { create: true }): number {
  setPrivateUmask();
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    if (!opts.create) return 0;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700); // in case the umask could not be set
    return 0;
  }
  if (!st.isDirectory()) throw new ConfigError([`DATA_DIR: ${dir} is not a folder`]);
  if ((st.mode & 0o022) !== 0) throw writableByOthersError(dir, st.mode);
  // The folder itself may be a link to a volume: tighten what it points at.
  return ownedByMe(st) ? makePrivate(fs.realpathSync(dir)) : 0;
}

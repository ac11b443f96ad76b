// Where the per-user spec store (spec-store.ts) and output stat records (pipeline/output-stats.ts)
// live, and the rules their directories keep. Apart from the store so that resolving the setting
// (pipeline/settings.ts) and the up-to-date shortcut load nothing of the loader.
import { lstatSync, readdirSync, unlinkSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";
import { UsageError } from "./diagnostics.js";
import type { Io } from "./commands/io.js";

export type StoreEnv = Readonly<Record<string, string | undefined>>;

/**
 * Where the store lives: the specs/ directory of hcgen's cache directory, which is $HCGEN_CACHE_DIR
 * (an absolute path), else $XDG_CACHE_HOME/hcgen, else ~/.cache/hcgen; null when $HCGEN_NO_CACHE is
 * set (to anything but "" or "0").
 */
export function storeDir(env: StoreEnv): string | null {
  if (env.HCGEN_NO_CACHE !== undefined && env.HCGEN_NO_CACHE !== "" && env.HCGEN_NO_CACHE !== "0") return null;
  const own = env.HCGEN_CACHE_DIR;
  if (own !== undefined && own !== "") {
    if (!isAbsolute(own) || own.includes("\0")) throw new UsageError(`HCGEN_CACHE_DIR must be an absolute path (it is ${JSON.stringify(own)}); or unset it for ~/.cache/hcgen`);
    return join(own, "specs");
  }
  // The XDG spec says a relative $XDG_CACHE_HOME is invalid and is to be ignored.
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) && !xdg.includes("\0") ? xdg : join(homedir(), ".cache");
  return join(base, "hcgen", "specs");
}

/** The --no-cache flag of every command that loads specs. */
export const NO_CACHE_OPTION = { "no-cache": { type: "boolean", default: false } } as const;

/** Its help lines, the description starting at column `col` like the command's other options. */
export function noCacheHelp(col: number): string {
  return `${"  --no-cache".padEnd(col - 1)} load every spec afresh (generate: and hash every output), without
${" ".repeat(col)}the per-user cache (~/.cache/hcgen; HCGEN_CACHE_DIR moves it,
${" ".repeat(col)}HCGEN_NO_CACHE=1 turns it off)`;
}

/** A command's store directory: none with --no-cache, else storeDir() of its environment. */
export function storeDirFor(values: { readonly "no-cache"?: boolean | undefined }, io: Io): string | null {
  return values["no-cache"] ? null : storeDir(io.env ?? process.env);
}

/** Whether hcgen may trust what it finds in `dir`: a real directory (not a symlink) of this user, writable by nobody else. */
export function trustedDir(dir: string): boolean {
  let st;
  try { st = lstatSync(dir); } catch { return false; }
  if (!st.isDirectory() || (st.mode & 0o022) !== 0) return false;
  return typeof process.getuid !== "function" || st.uid === process.getuid();
}

/**
 * Keeps the store under `maxEntries` and `maxBytes` by removing the least recently used entries (to
 * 3/4 of either bound, so this runs rarely), and removes temporary files older than a day (a run
 * killed while saving). Entries are files named <64 hex digits>.bin.
 */
export function evict(dir: string, maxEntries: number, maxBytes: number): void {
  let names: string[];
  try { names = readdirSync(dir); } catch { return; }
  const entries: { path: string; size: number; used: number }[] = [];
  const now = Date.now();
  for (const name of names) {
    const path = join(dir, name);
    let st;
    try { st = lstatSync(path); } catch { continue; }
    if (!st.isFile()) continue;
    if (name.endsWith(".tmp")) { if (now - st.mtimeMs > 24 * 3600 * 1000) { try { unlinkSync(path); } catch { /* gone */ } } continue; }
    if (/^[0-9a-f]{64}\.bin$/.test(name)) entries.push({ path, size: st.size, used: st.mtimeMs });
  }
  let total = entries.reduce((s, e) => s + e.size, 0);
  if (entries.length <= maxEntries && total <= maxBytes) return;
  entries.sort((a, b) => a.used - b.used);
  let count = entries.length;
  for (const e of entries) {
    if (count <= (maxEntries * 3) / 4 && total <= (maxBytes * 3) / 4) break;
    try { unlinkSync(e.path); } catch { continue; }
    count--; total -= e.size;
  }
}

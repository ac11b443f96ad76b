// Where the per-user spec store (spec-store.ts) lives. Apart from it so that resolving the setting
// (pipeline/settings.ts, before the up-to-date shortcut) loads nothing of the loader.
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
  return `${"  --no-cache".padEnd(col - 1)} load every spec afresh, without the per-user store of loaded specs
${" ".repeat(col)}(~/.cache/hcgen; HCGEN_CACHE_DIR moves it, HCGEN_NO_CACHE=1 turns it off)`;
}

/** A command's store directory: none with --no-cache, else storeDir() of its environment. */
export function storeDirFor(values: { readonly "no-cache"?: boolean | undefined }, io: Io): string | null {
  return values["no-cache"] ? null : storeDir(io.env ?? process.env);
}

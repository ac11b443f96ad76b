// Which files are the specs, and the names they go by. Apart from api.ts (which re-exports both) so
// that an up-to-date `hcgen generate` (pipeline/up-to-date.ts) can find and name the specs without
// loading the model builder and its checks.
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

/** The lockfile next to the specs (evolution/lock.ts, which re-exports it; checked at validation, HC301). */
export const LOCK_NAME = "hcgen.lock";
/** A lockfile larger than this is refused (evolution/lock.ts readLock; up-to-date.ts takes no shortcut). */
export const MAX_LOCK_BYTES = 8 * 1024 * 1024;

/** Expands directories to their *.yaml / *.yml files (sorted); files are kept as given. */
export function findSpecFiles(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    let isDir = false;
    try { isDir = statSync(input).isDirectory(); } catch { /* reported by the loader */ }
    let names: string[] | null = null;
    // An unreadable directory stays in the list: the loader reports it (HC001) with the reason.
    if (isDir) { try { names = readdirSync(input).sort(); } catch { names = null; } }
    if (names) {
      for (const f of names) if (/\.ya?ml$/.test(f) && !f.startsWith(".")) out.push(join(input, f));
    } else out.push(input);
  }
  return out;
}

/** A stable, POSIX-style name for a file in diagnostics and in the model (relative to cwd when inside it). */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  const name = rel.startsWith("..") || rel === "" ? file : rel;
  return name.split(sep).join("/");
}

/**
 * A spec's name as headers, part keys and the up-to-date record show it: the model's name (displayPath:
 * relative to cwd inside it), and a spec outside the project relative to cwd too, never absolute.
 */
export function shownName(name: string, cwd: string): string {
  return isAbsolute(name) ? relative(cwd, name).split(sep).join("/") : name;
}

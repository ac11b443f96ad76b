// File names the pipeline reserves inside the output directory.

/** The list of files hcgen owns in an output directory (see manifest.ts). */
export const MANIFEST_NAME = ".hcgen-manifest.json";

/** Prefix of temporary files during atomic writes (also in .gitignore, in case a run is killed). */
export const TEMP_PREFIX = ".hcgen-tmp-";

/** Held while a run writes the output directory (see lock.ts); also in .gitignore. */
export const LOCK_NAME = ".hcgen-lock";

/** The switch-over plan of a run that is replacing the output set (see journal.ts); also in .gitignore. */
export const JOURNAL_NAME = ".hcgen-journal.json";

/** Names an emitter may never produce and a manifest may never list. */
export function isReservedName(segment: string): boolean {
  return segment === MANIFEST_NAME || segment === LOCK_NAME || segment === JOURNAL_NAME || segment.startsWith(TEMP_PREFIX)
    || segment.startsWith(`${LOCK_NAME}.`);
}

/**
 * Why `path` cannot name a file inside the output directory, or null when it can: relative, POSIX
 * separators, no `.`/`..`/empty segment, no control characters, no reserved name. Used for emitter
 * paths and for every path read back from a manifest or journal (which a repository may forge).
 */
export function unsafeOutputPath(path: unknown): string | null {
  if (typeof path !== "string") return "is not a string";
  if (path === "") return "is empty";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "is absolute";
  if (path.includes("\\")) return "contains a backslash";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return "contains a control character";
  const segs = path.split("/");
  if (segs.some((s) => s === "..")) return "leaves the output directory ('..')";
  if (segs.some((s) => s === "" || s === ".")) return "has an empty or '.' segment";
  if (segs.some(isReservedName)) return "names a file hcgen reserves for itself";
  return null;
}

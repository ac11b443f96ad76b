// Small file-system helpers for the pipeline: reads that treat "absent" as null and atomic writes.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { TEMP_PREFIX } from "./names.js";

/** File content as UTF-8, or null when there is no file. A directory in the way is an error. */
export function readIfExists(file: string): string | null {
  try { return readFileSync(file, "utf8"); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw e;
  }
}

/**
 * Writes through a temporary file in the same directory and renames it into place: rename within a
 * file system is atomic, so a reader (or a killed run) sees the old file or the new one, never half.
 */
export function writeAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `${TEMP_PREFIX}${basename(file)}-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    writeFileSync(tmp, content, { flag: "wx" });
    renameSync(tmp, file);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* never created, or already renamed */ }
    throw e;
  }
}

/** Removes `dir` and its parents while they are empty, stopping at `root` (which is kept). */
export function removeEmptyDirs(dir: string, root: string): void {
  while (relative(root, dir) !== "" && !relative(root, dir).startsWith("..")) {
    try {
      if (readdirSync(dir).length > 0) return;
      rmdirSync(dir);
    } catch { return; }
    dir = dirname(dir);
  }
}

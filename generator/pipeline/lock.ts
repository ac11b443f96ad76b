// One writer per output directory (issue 19.6): two `generate` runs into one directory could both
// exit 0 and leave a mix of their outputs. A run holds DIR/.hcgen-lock (created with O_EXCL, holding
// its pid and host) while it writes; a second run gets a clear error naming the holder. A lock whose
// process is gone (kill -9, power loss) is stale and is taken over.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { join } from "node:path";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { readBoundedText } from "../read-bounded.js";
import { describeFsError, OutputError } from "./fsops.js";
import { LOCK_NAME } from "./names.js";

/** Another live run holds the lock; commands report it and exit 1. */
export class LockedError extends OutputError {
  override readonly name = "LockedError";
}

interface Holder { readonly pid: number; readonly host: string; readonly started: string }

function readHolder(file: string): Holder | null {
  try {
    // A holder is one short JSON line; anything bigger (or not a regular file) is garbage, hence stale.
    const h = JSON.parse(readBoundedText(file, 64 * 1024)) as Partial<Holder>;
    return typeof h.pid === "number" && Number.isSafeInteger(h.pid) && h.pid > 0 && typeof h.host === "string"
      ? { pid: h.pid, host: h.host, started: String(h.started ?? "") } : null;
  } catch { return null; }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

/** Stale: written on this host by a process that no longer exists (or unreadable garbage). */
function isStale(h: Holder | null): boolean {
  return h === null || (h.host === hostname() && !alive(h.pid));
}

export interface Lock { release(): void }

/**
 * Takes the lock of `outDir` (creating the directory), or throws LockedError naming the live holder.
 * `what` is the command, for the holder's description.
 */
export function acquireLock(outDir: string, what = "generate"): Lock {
  try { mkdirSync(outDir, { recursive: true }); } catch (e) {
    throw new OutputError(`cannot create the output directory ${outDir}: ${describeFsError(e) ?? (e as Error).message}`);
  }
  const file = join(outDir, LOCK_NAME);
  const me = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: what }) + "\n";
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, me, { flag: "wx" });
      return { release: () => { if (readFileSync(file, "utf8") === me) unlinkSync(file); } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        const why = describeFsError(e);
        if (why) throw new OutputError(`cannot lock the output directory ${outDir}: ${why}`);
        throw e;
      }
    }
    const holder = readHolder(file);
    if (!isStale(holder)) {
      throw new LockedError(`${outDir} is being written by another hcgen run (pid ${holder!.pid} on ${holder!.host}, since ${holder!.started}); `
        + `wait for it to finish. If no such run exists, delete ${file}`);
    }
    takeOverStale(file);
  }
  throw new LockedError(`could not lock ${outDir}: other hcgen runs keep taking ${file}; try again`);
}

/**
 * Moves a stale lock aside. Renaming (not unlinking) it makes the take-over safe against a second
 * run doing the same: if what was moved turns out to be a live lock someone just took, it is put back.
 */
function takeOverStale(file: string): void {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try { renameSync(file, aside); } catch { return; } // gone already: someone else took it over
  if (!isStale(readHolder(aside))) {
    try { linkSync(aside, file); } catch { /* the lock is taken again; the live holder's copy wins */ }
  }
  try { unlinkSync(aside); } catch { /* already gone */ }
}

/** Runs `fn` holding the lock of `outDir`. */
export function withLock<T>(outDir: string, fn: () => T, what?: string): T {
  const lock = acquireLock(outDir, what);
  try { return fn(); } finally { try { lock.release(); } catch { /* the directory went away */ } }
}

/** withLock for an asynchronous `fn`: the lock is held until its promise settles. */
export async function withLockAsync<T>(outDir: string, fn: () => Promise<T>, what?: string): Promise<T> {
  const lock = acquireLock(outDir, what);
  try { return await fn(); } finally { try { lock.release(); } catch { /* the directory went away */ } }
}

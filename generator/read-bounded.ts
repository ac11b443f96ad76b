// Reading a file hcgen was pointed at, without trusting what the path is: a FIFO named x.yaml would
// block open() until a writer appears, /dev/zero (or a symlink to it) never ends, a huge file would
// be read whole before its size is looked at. Every input file (specs, config, lockfile, ELF images)
// comes through here: opened without blocking, checked to be a regular file with fstat on the opened
// descriptor (no window between check and read), refused above a size limit before reading, and read
// with a cap in case the file grows meanwhile.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

/** Why a file was not read; `message` reads after the file's name ("x.yaml: is a FIFO ..."). */
export class ReadRefused extends Error {
  override readonly name = "ReadRefused";
  constructor(message: string, readonly reason: "missing" | "not-regular" | "too-large" | "io", readonly size = 0,
    /** The errno code (ENOENT, EACCES, ...) when an fs call failed. */
    readonly code?: string) { super(message); }
}

// O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer (no effect on regular
// files). O_NOCTTY: a terminal device never becomes the controlling terminal. Both are 0 on Windows.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** "a FIFO (named pipe)", "a character device", ... for messages. */
export function fileKind(st: Stats): string {
  return st.isDirectory() ? "a directory" : st.isFIFO() ? "a FIFO (named pipe)" : st.isCharacterDevice() ? "a character device"
    : st.isBlockDevice() ? "a block device" : st.isSocket() ? "a socket" : st.isFile() ? "a regular file" : "not a regular file";
}

function refusal(e: unknown): ReadRefused {
  if (e instanceof ReadRefused) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === "ENOENT" ? "no such file" : code === "EACCES" || code === "EPERM" ? "permission denied"
    : code === "ELOOP" ? "too many levels of symbolic links" : code === "ENOTDIR" ? "a part of the path is not a directory" : code ?? (e as Error).message;
  return new ReadRefused(why, code === "ENOENT" ? "missing" : "io", 0, code);
}

/**
 * What else a file must be, for readers of files only hcgen itself writes (spec-store.ts): not a
 * symlink (`noFollow`, O_NOFOLLOW on the last component), owned by this uid (`owner`).
 */
export interface OpenRules {
  readonly noFollow?: boolean;
  readonly owner?: number;
}

/** Opens `path` for reading if it is a regular file (and keeps `rules`); the caller closes the descriptor. */
export function openRegular(path: string, rules: OpenRules = {}): { fd: number; size: number } {
  let fd: number;
  try { fd = openSync(path, OPEN_FLAGS | (rules.noFollow ? constants.O_NOFOLLOW ?? 0 : 0)); } catch (e) { throw refusal(e); }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ReadRefused(`is ${fileKind(st)}, not a regular file`, "not-regular");
    if (rules.owner !== undefined && st.uid !== rules.owner) throw new ReadRefused(`belongs to uid ${st.uid}, not ${rules.owner}`, "not-regular");
    return { fd, size: st.size };
  } catch (e) { closeSync(fd); throw refusal(e); }
}

/** The whole file, at most `maxBytes` long; throws ReadRefused otherwise. */
export function readBounded(path: string, maxBytes: number, rules: OpenRules = {}): Buffer {
  const { fd, size } = openRegular(path, rules);
  try {
    if (size > maxBytes) throw new ReadRefused(`is ${size} bytes; the limit is ${maxBytes} bytes`, "too-large", size);
    // Sized from fstat, grown if the file grows while read (or reports size 0, as /proc files do), never past the cap.
    let buf = Buffer.allocUnsafe(Math.min(maxBytes, size) + 1);
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (len > maxBytes) throw new ReadRefused(`grew past the limit of ${maxBytes} bytes while being read`, "too-large", len);
        const next = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(64 * 1024, buf.length * 2)));
        buf.copy(next, 0, 0, len);
        buf = next;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    if (len > maxBytes) throw new ReadRefused(`grew past the limit of ${maxBytes} bytes while being read`, "too-large", len);
    return buf.subarray(0, len);
  } catch (e) {
    throw refusal(e);
  } finally {
    closeSync(fd);
  }
}

/** `readBounded` as UTF-8 text (a leading byte-order mark is kept: callers strip it where they accept it). */
export function readBoundedText(path: string, maxBytes: number): string {
  return readBounded(path, maxBytes).toString("utf8");
}

/**
 * For inputs read as a stream (`hcgen decode` logs): a regular file or a FIFO (a pipe from
 * `<(trace-cmd ...)` is a legitimate log), never a device, socket or directory. Checked on the path
 * before opening, because opening some devices already has effects.
 */
export function checkStreamable(path: string): void {
  let st: Stats;
  try { st = statSync(path); } catch (e) { throw refusal(e); }
  if (!st.isFile() && !st.isFIFO()) throw new ReadRefused(`is ${fileKind(st)}; pass a log file, a pipe or - for standard input`, "not-regular");
}

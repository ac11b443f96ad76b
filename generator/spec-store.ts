// A per-user store of loaded specs: a spec whose bytes have not changed since any earlier run is not
// parsed, schema-checked and built again (api.ts loadOne, behind the in-process SpecCache). About
// 200 ms of every CLI run on the catalog was that work; reading the stored models takes ~35 ms.
//
// Trust. An entry decides the model hcgen emits, so it must come from this user's own earlier run of
// this very hcgen. The store therefore lives outside every project (a repository cannot carry or
// plant one), in a directory only this user can write: created 0700, refused when it is a symlink,
// another user's, or writable by group or others. An entry counts only when it is a regular file of
// this user (opened without following a symlink) whose first line names the key it was made for and
// the sha256 and length of what follows; anything else is a miss, and the spec is loaded as usual.
//
// Key: the store format, the generator (generatorId: its build, templates, yaml and handlebars
// versions), ajv's version, the schema's sha256, Node's version and arch (v8.serialize's format), the
// name the spec is shown by (it is in the model) and the spec's bytes: loading one spec is a function
// of exactly these (the cross-file and lockfile checks run on every load, over the whole set). Only
// a validated load without any diagnostic is stored: a diagnostic's hint may name a path relative to
// the directory hcgen runs in, which the key does not hold.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, renameSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Abi } from "./model.js";
import { generatorId, libraryVersion } from "./pipeline/generator-id.js";
import { readBounded } from "./read-bounded.js";
import { schemaForStore } from "./schema-check.js";
import { evict, trustedDir } from "./store-dir.js";

/** A validated load without any diagnostic: its model. */
export interface StoredSpec {
  readonly abi: Abi;
}

export interface SpecStore {
  /** The stored load of these bytes under this shown name, or null. */
  lookup(shown: string, bytes: Uint8Array): StoredSpec | null;
  /** Whether there is an entry for them (not read, so not checked): for deciding how to run, never what to emit. */
  has(shown: string, bytes: Uint8Array): boolean;
  /** Keeps a validated load without any diagnostic; best effort (a full disk or a race only loses the entry). */
  save(shown: string, bytes: Uint8Array, entry: StoredSpec): void;
}

const FORMAT = "hcgen-spec-store/1";
/** Entries kept; past either bound the least recently used go (a 10k-call spec stores ~30 MB). */
export const MAX_ENTRIES = 400;
export const MAX_TOTAL_BYTES = 512 * 1024 * 1024;
/** An entry larger than this is not read (nor written): no spec's model comes near it. */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;
/** A hit refreshes the entry's mtime (the LRU order) at most this often. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

export { evict, storeDir } from "./store-dir.js";

/**
 * The store at `dir`, or null when there is none to trust (see the top of this file) or hcgen does
 * not know its own build (an unstamped build: nothing could tell its entries from another's).
 * `writable: false` (render helpers: their loads skip the checks, so they are no verdicts) never
 * creates the directory and never saves.
 */
export function openSpecStore(dir: string | null, opts: { writable: boolean }): SpecStore | null {
  if (dir === null) return null;
  const generator = generatorId();
  if (generator === null) return null;
  if (opts.writable) { try { mkdirSync(dir, { recursive: true, mode: 0o700 }); } catch { return null; } }
  if (!trustedDir(dir)) return null;
  const salt = createHash("sha256").update(`${FORMAT}\0${generator}\0ajv@${libraryVersion("ajv")}\0${schemaForStore()}\0${process.version}\0${process.arch}\0`).digest();
  return new DiskStore(dir, salt, opts.writable);
}

class DiskStore implements SpecStore {
  #evicted = false;
  constructor(readonly dir: string, readonly salt: Buffer, readonly writable: boolean) {}

  #key(shown: string, bytes: Uint8Array): string {
    return createHash("sha256").update(this.salt).update(`${shown}\0`).update(bytes).digest("hex");
  }

  has(shown: string, bytes: Uint8Array): boolean {
    return existsSync(join(this.dir, `${this.#key(shown, bytes)}.bin`));
  }

  lookup(shown: string, bytes: Uint8Array): StoredSpec | null {
    const key = this.#key(shown, bytes);
    const data = readEntry(join(this.dir, `${key}.bin`));
    if (data === null) return null;
    const nl = data.indexOf(0x0a);
    const header = nl > 0 && nl < 300 ? data.subarray(0, nl).toString("latin1").split(" ") : [];
    const payload = data.subarray(nl + 1);
    if (header.length !== 4 || header[0] !== FORMAT || header[1] !== key || header[3] !== String(payload.length)) return null;
    if (createHash("sha256").update(payload).digest("hex") !== header[2]) return null;
    let v: unknown;
    try { v = deserialize(payload); } catch { return null; }
    const e = v as Partial<StoredSpec> | null;
    if (e === null || typeof e !== "object" || e.abi === null || typeof e.abi !== "object") return null;
    return e as StoredSpec;
  }

  save(shown: string, bytes: Uint8Array, entry: StoredSpec): void {
    if (!this.writable) return;
    const key = this.#key(shown, bytes);
    const payload = serialize({ abi: entry.abi });
    if (payload.length > MAX_ENTRY_BYTES) return;
    const header = `${FORMAT} ${key} ${createHash("sha256").update(payload).digest("hex")} ${payload.length}\n`;
    const final = join(this.dir, `${key}.bin`);
    const temp = join(this.dir, `${key}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      // A torn or half-written entry fails the length or hash check, so no fsync: the store is a cache.
      writeFileSync(temp, Buffer.concat([Buffer.from(header, "latin1"), payload]), { flag: "wx", mode: 0o600 });
      renameSync(temp, final);
    } catch {
      try { unlinkSync(temp); } catch { /* never created */ }
      return;
    }
    if (!this.#evicted) { this.#evicted = true; evict(this.dir, MAX_ENTRIES, MAX_TOTAL_BYTES); }
  }
}

/** The entry's bytes when it is this user's regular file (read-bounded.ts: no FIFO, device or symlink), else null. */
function readEntry(path: string): Buffer | null {
  let data: Buffer;
  try {
    data = readBounded(path, MAX_ENTRY_BYTES + 300, { noFollow: true, ...(typeof process.getuid === "function" ? { owner: process.getuid() } : {}) });
  } catch { return null; }
  try {
    if (Date.now() - lstatSync(path).mtimeMs > TOUCH_AFTER_MS) { const now = new Date(); utimesSync(path, now, now); }
  } catch { /* a read-only store keeps its order */ }
  return data;
}

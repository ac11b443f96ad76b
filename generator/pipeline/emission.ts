// Incremental generation: which emitter parts (emit/types.ts EmitterParts) need to run again.
// A part's key hashes everything its files are a function of, apart from the generator itself:
// the emitter, the part (one ABI or the whole model), the emit options, and the name, shown name
// and bytes of every spec it sees (an ABI is built from its file's bytes and name alone, api.ts).
// The generator is the manifest's `generator` field (generator-id.ts); a part is reused only when
// that is this generator too. The manifest maps each file to a stamp: the key it was emitted under
// and a digest of the paths of every file of that part, so a lost or altered entry makes the part
// run again instead of silently dropping one of its files.
//
// Reuse trusts nothing it has not checked: the part's files must all be on disk, each byte for byte
// what the manifest recorded, and each file's own header must carry the input hash of the specs
// as they are now (so content written by watch's fast pass after the record was made, or a
// manifest copied from elsewhere, is emitted again rather than kept). Anything else: run the part.
import { createHash } from "node:crypto";
import { closeSync, lstatSync } from "node:fs";
import { shownName } from "../spec-files.js";
import { EMITTERS } from "../emit/index.js";
import type { EmitOptions, Emitter } from "../emit/types.js";
import type { Abi, Model } from "../model.js";
import { openRegular, readBounded, ReadRefused } from "../read-bounded.js";
import { hashThroughRecord, HEAD_BYTES, MAX_OUTPUT_READ_BYTES, OutputError, readHead, safeTarget } from "./fsops.js";
import { sha256 } from "./header.js";
import { contentSha, type Manifest } from "./manifest.js";
import type { OutputStats } from "./output-stats.js";
import type { RenderedFile } from "./render.js";
import { headerMatcher } from "./reuse-check.js";
import { pathsDigest } from "./stamps.js";

export interface PartKeys {
  /** The keys of an emitter's parts, or null for an emitter that is not hcgen's own (its code is not in the generator id). */
  of(emitter: Emitter): { abi(abi: Abi): string; readonly shared: string } | null;
}

export function partKeys(model: Model, specBytes: ReadonlyMap<string, Uint8Array>, options: EmitOptions, cwd: string): PartKeys {
  const shownOf = (name: string) => shownName(name, cwd);
  const digest = new Map<string, string>();
  const specField = (name: string) => {
    let d = digest.get(name);
    if (d === undefined) {
      const bytes = specBytes.get(name);
      d = `${JSON.stringify(name)} ${JSON.stringify(shownOf(name))} ${bytes ? sha256(bytes) : "unread"}`;
      digest.set(name, d);
    }
    return d;
  };
  const optionText = JSON.stringify(options);
  const key = (emitterId: string, scope: string, names: readonly string[]) => {
    const h = createHash("sha256").update(`hcgen-part/1\n${emitterId}\n${scope}\n${optionText}\n`);
    for (const n of [...names].sort()) h.update(`${specField(n)}\n`);
    return `sha256:${h.digest("hex").slice(0, 32)}`;
  };
  const all = model.abis.map((a) => a.file);
  return {
    of(emitter) {
      const index = EMITTERS.indexOf(emitter);
      if (index < 0) return null;
      const id = `${emitter.kind}#${index}`;
      return { abi: (abi) => key(id, `abi ${abi.id}`, [abi.file]), shared: key(id, "shared", all) };
    },
  };
}

export { STAMP, stamps } from "./stamps.js";

/**
 * A reused file's sha256 and head (HEAD_BYTES), with its whole bytes when they were read: as fsops.ts
 * readRegular (null when absent, OutputError for anything but a regular file), but a file whose stat
 * `stats` recorded with its hash is read only for its head.
 */
function readReused(file: string, rel: string, stats: OutputStats | null): { sha256: string; head: Buffer; bytes: Buffer | null } | null {
  const st = lstatSync(file, { throwIfNoEntry: false });
  if (st === undefined) return null;
  if (!st.isFile()) throw new OutputError(`${file} is not a regular file`);
  try {
    const { fd, size } = openRegular(file);
    try {
      if (size > MAX_OUTPUT_READ_BYTES) throw new ReadRefused(`is ${size} bytes; the limit is ${MAX_OUTPUT_READ_BYTES} bytes`, "too-large", size);
      let bytes: Buffer | null = null;
      const r = hashThroughRecord(fd, file, stats === null ? null : { stats, rel }, HEAD_BYTES, () => {
        const all = readHead(fd, file, size);
        if (readHead(fd, file, 1).length !== 0) throw new ReadRefused("grew while being read", "io");
        bytes = all;
        // The bytes are hashed, not the text: hashing a string re-encodes it, ~6x slower (15 MB for the catalog).
        return sha256(all);
      });
      const held = bytes as Buffer | null;
      return { sha256: r.sha256, head: r.head ?? held!.subarray(0, HEAD_BYTES), bytes: held };
    } finally { closeSync(fd); }
  } catch (e) {
    if (e instanceof ReadRefused) throw new OutputError(`${file}: ${e.message}`);
    throw e;
  }
}

/** The text of a reused file not read when it was found (its stat was recorded): read now, and it must still hash as then. */
function readVerified(file: string, sha: string): string {
  const bytes = readBounded(file, MAX_OUTPUT_READ_BYTES);
  if (sha256(bytes) !== sha) throw new OutputError(`${file} changed while hcgen was running; run generate again`);
  return bytes.toString("utf8");
}

export interface DiskReuseInput {
  readonly outDir: string;
  readonly manifest: Manifest | null;
  /** generatorId() of this run. */
  readonly generator: string | null;
  readonly specBytes: ReadonlyMap<string, Uint8Array>;
  readonly options: EmitOptions;
  readonly cwd: string;
  /** What earlier runs hashed (output-stats.ts): a reused file with the recorded stat is not read again. */
  readonly stats?: OutputStats | null;
}

/** Whether parts recorded in `m` may be reused by the run whose generatorId() is `generator`: only this very build's. */
export function reusableBy(m: Manifest | null, generator: string | null): m is Manifest {
  return m !== null && generator !== null && m.generator === generator;
}

/** render()'s `reuse` for files on disk, or undefined when the manifest holds nothing reusable. */
export function diskReuse(input: DiskReuseInput): ((key: string) => RenderedFile[] | null) | undefined {
  const m = input.manifest;
  if (!reusableBy(m, input.generator)) return undefined;
  const byKey = new Map<string, (typeof m.files)[number][]>();
  for (const e of m.files) {
    if (e.input === undefined) continue;
    const key = e.input.slice(0, e.input.lastIndexOf(":"));
    const list = byKey.get(key);
    if (list) list.push(e); else byKey.set(key, [e]);
  }
  const matches = headerMatcher(input.specBytes, input.options, input.cwd);
  return (key) => {
    const entries = byKey.get(key);
    if (!entries) return null;
    // Every entry must name exactly this set of paths: one lost or re-keyed entry and the part runs.
    const digest = pathsDigest(entries.map((e) => e.path));
    if (entries.some((e) => !e.input!.endsWith(`:${digest}`))) return null;
    const files: RenderedFile[] = [];
    for (const e of entries) {
      let found;
      try { found = readReused(safeTarget(input.outDir, e.path), e.path, input.stats ?? null); } catch (err) { if (err instanceof OutputError) return null; throw err; }
      if (found === null || found.sha256 !== e.sha256) return null;
      // Only the head is decoded for the header test; the text, when a writer wants it, on demand
      // (a streaming writer does not: the file is on disk already, onDisk). 13 MB of the catalog's.
      const header = matches(e.kind, found.head.toString("utf8"));
      if (header === null) return null;
      let text: string | undefined;
      const target = safeTarget(input.outDir, e.path);
      const held = found.bytes;
      const file: RenderedFile = {
        path: e.path, kind: e.kind, get content() { return text ??= held !== null ? held.toString("utf8") : readVerified(target, e.sha256); },
        sources: header.sources, inputHash: header.inputHash, input: key, onDisk: e.sha256,
      };
      contentSha(file, e.sha256); // just checked: the manifest need not hash it again
      files.push(file);
    }
    return files;
  };
}

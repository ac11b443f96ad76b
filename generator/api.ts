// The library entry points: find spec files, load and validate them, and build the one model.
// The CLI, the generators, the tests and external tools all come through here.
import { displayPath, findSpecFiles } from "./spec-files.js";
import { buildAbi } from "./build-model.js";
import { diagAt, lazySpec, loadSpecBytes, loadSpecFile, MAX_SPEC_BYTES, type LoadedSpec } from "./load.js";
import type { SpecStore } from "./spec-store.js";
import { readBounded } from "./read-bounded.js";
import type { Diagnostic } from "./diagnostics.js";
import { sortDiagnostics } from "./diagnostics.js";
import type { Abi, Model } from "./model.js";
import { schemaCheckParts } from "./schema-check.js";
import { acceptedPart } from "./recover.js";
import { deepFreeze } from "./spec-values.js";
import { lockChecks } from "./evolution/lock-check.js";
import { abiIdClashChecks } from "./name-clash.js";

export { displayPath, findSpecFiles };

export interface LoadModelResult {
  /** The model of every spec that loaded; complete only when `ok`. */
  readonly model: Model;
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
  /** Loaded specs by ABI id (for tools that need positions, such as diff and the lockfile). */
  readonly specs: ReadonlyMap<string, LoadedSpec>;
}

/** `lock: false` skips the hcgen.lock check (used to load old versions of the specs for `hcgen diff`). */
/**
 * What loading one spec file produced, kept by `hcgen watch` between runs (SpecCache). Loading is a
 * function of the file's bytes and its shown name (the cross-file and lockfile checks run on every
 * load), so an entry is reused only for the same name and byte-for-byte the same content.
 */
interface CachedSpec {
  readonly bytes: Uint8Array;
  readonly diagnostics: readonly Diagnostic[];
  readonly spec: LoadedSpec | null;
  readonly abi: Abi | null;
}
export type SpecCache = Map<string, CachedSpec>;
export type { SpecStore };

/** The SpecCache key of a spec file under the name it is shown by. */
export const specCacheKey = (file: string, shown: string): string => `${file}\0${shown}`;

function loadOne(file: string, shown: string, cache: SpecCache | undefined, schema = true, store: SpecStore | null = null): Omit<CachedSpec, "bytes"> {
  let bytes: Uint8Array | null = null;
  // Unreadable, too large, a directory, ...: loadSpecFile names the problem; such files are not cached.
  if (cache || store) { try { bytes = readBounded(file, MAX_SPEC_BYTES); } catch { bytes = null; } }
  const key = specCacheKey(file, shown);
  const hit = bytes && cache?.get(key);
  if (hit && Buffer.from(hit.bytes).equals(bytes!)) return hit;
  const stored = bytes && store?.lookup(shown, bytes);
  if (stored) {
    const entry = { diagnostics: [], spec: lazySpec(bytes!, shown), abi: stored.abi };
    cache?.set(key, { bytes: bytes!, ...entry });
    return entry;
  }
  const loaded = bytes ? loadSpecBytes(bytes, shown) : loadSpecFile(file, shown);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  let abi: Abi | null = null;
  if (loaded.spec) {
    const checked = schema ? schemaCheckParts(loaded.spec) : { diagnostics: [], rejected: [] };
    pushAll(diagnostics, checked.diagnostics);
    if (checked.diagnostics.length > 0) {
      // Every problem at once: the semantic checks also run on the parts the schema accepted. The
      // ABI stays out of the model and the cross-file checks, which would miss the dropped parts.
      const rest = acceptedPart(loaded.spec, checked.rejected);
      if (rest) for (const d of buildAbi(rest.spec).diagnostics) { const r = rest.restore(d); if (r) diagnostics.push(r); }
    } else {
      const built = buildAbi(loaded.spec);
      pushAll(diagnostics, built.diagnostics);
      abi = built.abi;
    }
  }
  const entry = { diagnostics, spec: loaded.spec, abi };
  if (cache && bytes) cache.set(key, { bytes, ...entry });
  // Only verdicts are stored: loads that ran the schema and reported nothing (spec-store.ts says why nothing).
  if (store && bytes && abi && schema && diagnostics.length === 0) store.save(shown, bytes, { abi });
  return entry;
}

/**
 * `schema: false` and `lock: false` skip the JSON Schema and the lockfile checks: for a thread that
 * builds the model of specs another has validated (render helpers, pipeline/render-helper.ts; ajv
 * validates a converted copy, so the model is the same either way). Its diagnostics are not a
 * verdict, so its cache must be its own (a shared one would keep its entries as if validated), and
 * it never saves to a `store` (spec-store.ts: loads of other runs, looked up by the spec's bytes).
 */
export function loadModel(inputs: readonly string[], opts: { cwd?: string; lock?: boolean; schema?: boolean; cache?: SpecCache; store?: SpecStore | null } = {}): LoadModelResult {
  const files = findSpecFiles(inputs);
  const diagnostics: Diagnostic[] = [];
  const abis: Abi[] = [];
  const specs = new Map<string, LoadedSpec>();
  const realFiles = new Map<string, string>();
  for (const file of files) {
    const shown = displayPath(file, opts.cwd);
    const one = loadOne(file, shown, opts.cache, opts.schema !== false, opts.store ?? null);
    pushAll(diagnostics, one.diagnostics);
    if (!one.spec || !one.abi) continue;
    const { spec, abi } = one;
    if (specs.has(abi.id)) {
      diagnostics.push(diagAt(spec, ["id"], "HC118", `ABI id '${abi.id}' is also used by ${specs.get(abi.id)!.file}`, "each spec file needs its own id"));
      continue;
    }
    specs.set(abi.id, spec);
    realFiles.set(abi.id, file);
    abis.push(abi);
  }
  pushAll(diagnostics, numberSpaceChecks(abis, specs));
  pushAll(diagnostics, abiIdClashChecks(abis, specs));
  if (opts.lock !== false) pushAll(diagnostics, lockChecks(abis, specs, realFiles, opts.cwd));
  abis.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const model: Model = deepFreeze({ hcgen: 1, abis });
  const sorted = sortDiagnostics(diagnostics);
  return { model, diagnostics: sorted, ok: !sorted.some((d) => d.severity === "error"), specs };
}

/** push(...items) without the spread: a spread of 100k diagnostics overflows the stack. */
function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const x of items) into.push(x);
}

/**
 * Files that declare the same number_space share call numbers (KVM x86, PPC and MIPS share KVM_HC_*).
 * A call's number here is the id value the call itself sets; one number must mean one name.
 */
function numberSpaceChecks(abis: readonly Abi[], specs: ReadonlyMap<string, LoadedSpec>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const spaces = new Map<string, Map<bigint, { name: string; abi: string }>>();
  for (const abi of abis) {
    const last = abi.fields[abi.fields.length - 1]?.name;
    if (!last) continue;
    for (const call of abi.calls) {
      // A group may join a number space on its own (ePAPR's KVM vendor group shares KVM_HC_*).
      const spaceName = abi.groups.find((g) => g.name === call.group)?.numberSpace ?? abi.numberSpace;
      if (!spaceName) continue;
      const space = spaces.get(spaceName) ?? new Map<bigint, { name: string; abi: string }>();
      spaces.set(spaceName, space);
      const n = call.arches[0]?.id[last];
      if (n === undefined) continue;
      const prev = space.get(n);
      if (prev && prev.name !== call.name && prev.abi !== abi.id) {
        const spec = specs.get(abi.id)!;
        out.push({ ...diagAt(spec, [], "HC117", `number ${n} is '${call.name}' here but '${prev.name}' in ${prev.abi} (shared number space '${spaceName}')`,
          "one number means one call across the files of a number space"), line: call.at.line, col: call.at.col });
      } else if (!prev) space.set(n, { name: call.name, abi: abi.id });
    }
  }
  return out;
}

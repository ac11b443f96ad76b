// Reading one spec file: bytes -> checked UTF-8 text -> YAML document with positions -> plain JS
// value (integers as bigint). Every failure becomes a Diagnostic with a line and column; nothing throws.
import { readdirSync, statSync } from "node:fs";
import type { Document, LineCounter, Node } from "yaml";
import { yaml } from "./yaml-lib.js";
import { countCallsFast } from "./count-calls.js";
import { FastLines, parseFast, posStart, type FastParsed, type PosMap, type PosNode } from "./fast-yaml.js";
import type { Diagnostic, Code } from "./diagnostics.js";
import { pathString } from "./diagnostics.js";
import { escapedHidden, fileNameHidden, rawHidden } from "./hidden-chars.js";
import { readBounded, ReadRefused } from "./read-bounded.js";
import { yamlHazards } from "./yaml-hazards.js";
import { languageReference } from "./package-root.js";

/** Specs are a few hundred KiB at most; anything bigger is a mistake, refused before parsing. */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;
/** Specs nest about 8 levels; far deeper input is an attack on the recursive passes (stack overflow). */
export const MAX_NESTING = 64;
/**
 * Calls per spec file. Real ABIs have tens to a few hundred (Hyper-V's catalog: 70); validating and
 * emitting costs memory per call, so a spec far beyond that is refused right after parsing, before
 * the schema, the model and the emitters (issue 13: a 100k-call spec); a large spec is counted
 * from its text before parsing (see PRECOUNT_BYTES). Parsing itself is bounded by MAX_SPEC_BYTES.
 */
export const MAX_CALLS = 10_000;
/** Bounds alias expansion (billion-laughs input) while leaving room for honest reuse. */
export const MAX_ALIAS_COUNT = 200;

export type PathKey = string | number;

export interface LoadedSpec {
  readonly file: string;
  readonly text: string;
  /** Composed on first use when the fast path read the spec (only error paths and recovery need it). */
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly value: unknown;      // integers as bigint
  /** Node offsets when fast-yaml.ts read the spec (then locate() needs no document); else null. */
  readonly positions?: PosMap | null;
}

const YAML_OPTIONS = { intAsBigInt: true, uniqueKeys: true, prettyErrors: false, strict: true } as const;

export interface LoadResult {
  readonly spec: LoadedSpec | null;
  readonly diagnostics: Diagnostic[];
}

function fileDiag(file: string, code: Code, message: string, hint?: string, line = 1, col = 1): Diagnostic {
  return { file, line, col, severity: "error", code, message, path: "", ...(hint ? { hint } : {}) };
}

/** Loads a spec from disk. `displayName` is how the file is named in diagnostics. */
export function loadSpecFile(path: string, displayName = path): LoadResult {
  let bytes: Buffer;
  try {
    // An unreadable directory is named as such (readBounded would only say "is a directory").
    if (statSync(path).isDirectory()) {
      try { readdirSync(path); } catch (e) {
        return { spec: null, diagnostics: [fileDiag(displayName, "HC001", `cannot read directory: ${(e as NodeJS.ErrnoException).code === "EACCES" ? "permission denied" : (e as Error).message}`, "check the directory's permissions")] };
      }
    }
    // A regular file only (a FIFO would block, /dev/zero never ends), size checked before reading.
    bytes = readBounded(path, MAX_SPEC_BYTES);
  } catch (e) {
    const r = e instanceof ReadRefused ? e : new ReadRefused((e as Error).message, "io");
    if (r.reason === "too-large") {
      return { spec: null, diagnostics: [fileDiag(displayName, "HC003", `file is ${r.size} bytes; specs are limited to ${MAX_SPEC_BYTES} bytes`, "split the ABI or check that this is the right file")] };
    }
    if (r.message.startsWith("is a directory")) return { spec: null, diagnostics: [fileDiag(displayName, "HC001", "is a directory, not a spec file", "pass .yaml files, or a directory to `hcgen validate` to read its *.yaml")] };
    return { spec: null, diagnostics: [fileDiag(displayName, "HC001", `cannot read file: ${r.message}`,
      r.reason === "not-regular" ? "specs are read from regular files; copy the spec to one" : "check the path")] };
  }
  return loadSpecBytes(bytes, displayName);
}

export function loadSpecBytes(bytes: Uint8Array, file: string): LoadResult {
  if (bytes.length > MAX_SPEC_BYTES) {
    return { spec: null, diagnostics: [fileDiag(file, "HC003", `file is ${bytes.length} bytes; specs are limited to ${MAX_SPEC_BYTES} bytes`, "split the ABI or check that this is the right file")] };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { spec: null, diagnostics: [binaryDiag(bytes, nul, file, "contains a NUL byte: this looks like a binary file")] };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return { spec: null, diagnostics: [binaryDiag(bytes, bad, file, `is not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")} at offset ${bad})`)] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const r = parseSpecText(text, file);
  // Trojan Source (HC130): reported next to any YAML problem; a spec holding them never validates.
  const hidden = [...fileNameHidden(file), ...rawHidden(text, file, r.spec?.lines ?? null),
    // The fast path reads no string holding a hidden character, escaped or not (it declines those).
    ...(r.spec && !r.spec.positions ? escapedHidden(r.spec.doc, text, file, r.spec.lines) : [])];
  return hidden.length === 0 ? r : { spec: r.spec, diagnostics: [...hidden, ...r.diagnostics] };
}

function binaryDiag(bytes: Uint8Array, offset: number, file: string, message: string): Diagnostic {
  let line = 1, col = 1;
  for (let i = 0; i < offset; i++) { if (bytes[i] === 0x0a) { line++; col = 1; } else col++; }
  return fileDiag(file, "HC004", message, "save the spec as UTF-8 text", line, col);
}

/** Offset of the first byte that breaks UTF-8 (a linear scan; only runs on the error path). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}

export function parseSpecText(text: string, file: string): LoadResult {
  if (text.trim() === "" || /^(\s*#[^\n]*\n?)*\s*$/.test(text)) {
    return { spec: null, diagnostics: [fileDiag(file, "HC002", "file is empty (no YAML content)", `start from \`hcgen init\`, or see ${languageReference()}`)] };
  }
  if (text.length > PRECOUNT_BYTES) {
    const counted = countCallsFast(text, MAX_CALLS);
    if (counted?.past) return { spec: null, diagnostics: [tooManyCallsDiag(file, counted.total, counted.past)] };
  }
  // Most specs are plain block YAML without a problem: read those directly (issue 16). The fast path
  // declines anything it does not take for certain, and the yaml library below decides as before.
  const fast = parseFast(text);
  if (fast !== null && callCount(fast.value) <= MAX_CALLS) return { spec: fastSpec(file, text, fast), diagnostics: [] };
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, ...YAML_OPTIONS });
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    if (err.message.includes("Maximum call stack size exceeded")) {
      diagnostics.push({ file, line: pos.line, col: pos.col, severity: "error", code: "HC132", message: "YAML nested too deeply to read", path: "",
        hint: `specs nest a few levels; hcgen reads at most ${MAX_NESTING}` });
      continue;
    }
    const code: Code = err.code === "DUPLICATE_KEY" ? "HC006" : "HC005";
    const message = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+.*$/, "");
    diagnostics.push({ file, line: pos.line, col: pos.col, severity: "error", code, message, path: "",
      hint: code === "HC006" ? "each key may appear once in a mapping; merge the two entries" : "check indentation, quoting and brackets near this position" });
  }
  if (diagnostics.length > 0) return { spec: null, diagnostics };
  const shape = shapeProblems(doc, lines, file);
  if (shape.length > 0) return { spec: null, diagnostics: shape };
  const many = tooManyCalls(doc, lines, file);
  if (many.length > 0) return { spec: null, diagnostics: many };
  const hazards = yamlHazards(text, doc, lines, file); // YAML 1.1, floats, lone surrogates (issue 19)
  if (hazards.length > 0) return { spec: null, diagnostics: hazards };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const at = firstAliasPos(doc, lines);
    return { spec: null, diagnostics: [fileDiag(file, "HC007", `aliases expand too much: ${(e as Error).message}`,
      `hcgen allows at most ${MAX_ALIAS_COUNT} alias expansions per node; use \`like:\` or groups to share definitions`, at.line, at.col)] };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { spec: null, diagnostics: [fileDiag(file, "HC008", "a spec must be a YAML mapping at the top level", `see ${languageReference()} for the layout`)] };
  }
  return { spec: { file, text, doc, lines, value }, diagnostics: [] };
}

/** The calls tooManyCalls() counts, from a value without aliases (the fast path reads none). */
function callCount(value: Record<string, unknown>): number {
  let n = Array.isArray(value.calls) ? value.calls.length : 0;
  if (Array.isArray(value.groups)) {
    for (const g of value.groups) {
      if (g !== null && typeof g === "object" && !Array.isArray(g) && Array.isArray((g as { calls?: unknown }).calls)) n += ((g as { calls: unknown[] }).calls).length;
    }
  }
  return n;
}

function fastSpec(file: string, text: string, fast: FastParsed): LoadedSpec {
  const lines: LineCounter = new FastLines(fast.lineStarts);
  let doc: Document.Parsed | null = null;
  const spec = { file, text, lines, value: fast.value, positions: fast.root } as Omit<LoadedSpec, "doc">;
  return Object.defineProperty(spec, "doc", {
    enumerable: true,
    get: () => (doc ??= yaml().parseDocument(text, { lineCounter: new (yaml().LineCounter)(), ...YAML_OPTIONS })),
  }) as LoadedSpec;
}

/**
 * What the recursive passes after parsing cannot take, found without recursion: nesting deeper than
 * MAX_NESTING, an alias inside the node it refers to (`&a [*a]` makes a cyclic value), and the key
 * or name `__proto__` (as a key of a plain object it would reach Object.prototype).
 */
function shapeProblems(doc: Document.Parsed, lines: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (node: Node | null | undefined, code: Code, message: string, hint: string) => {
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    out.push({ file, line: pos.line, col: pos.col, severity: "error", code, message, path: "", hint });
  };
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0 && out.length < 20) {
    const { node, depth } = stack.pop()!;
    if (yaml().isAlias(node)) {
      const target = node.resolve(doc);
      const a = node.range?.[0] ?? -1, r = target?.range;
      if (r && a >= r[0] && a < r[1]) at(node, "HC132", `alias *${node.source} refers to the node that contains it (a cycle)`, "an alias can only repeat a node defined before and outside it");
      continue;
    }
    if (yaml().isScalar(node)) {
      if (node.value === "__proto__") at(node, "HC133", "'__proto__' cannot be used as a key or a name", "it is JavaScript's prototype accessor; choose another name");
      continue;
    }
    if (!yaml().isMap(node) && !yaml().isSeq(node)) continue;
    if (depth > MAX_NESTING) { at(node, "HC132", `YAML nested more than ${MAX_NESTING} levels deep`, "specs nest a few levels; flatten this structure"); break; }
    for (const item of node.items) {
      if (yaml().isPair(item)) { stack.push({ node: item.key, depth: depth + 1 }, { node: item.value, depth: depth + 1 }); } else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return out;
}

/** HC003 at the first call past MAX_CALLS, counting top-level `calls` and every `groups[].calls`. */
function tooManyCalls(doc: Document.Parsed, lines: LineCounter, file: string): Diagnostic[] {
  const root = doc.contents;
  if (!yaml().isMap(root)) return [];
  const seqs: Node[] = [];
  const calls = root.get("calls", true);
  const groups = root.get("groups", true);
  if (yaml().isSeq(groups)) for (const g of groups.items) if (yaml().isMap(g) && yaml().isSeq(g.get("calls", true))) seqs.push(g.get("calls", true) as Node);
  if (yaml().isSeq(calls)) seqs.push(calls);
  seqs.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0)); // "call N" in document order
  let total = 0;
  let past: Node | null = null;
  for (const seq of seqs) {
    for (const item of (seq as { items: Node[] }).items) {
      total++;
      if (total === MAX_CALLS + 1) past = item;
    }
  }
  if (past === null) return [];
  const pos = lines.linePos(past.range?.[0] ?? 0);
  return [tooManyCallsDiag(file, total, pos)];
}

function tooManyCallsDiag(file: string, total: number, pos: { line: number; col: number }): Diagnostic {
  return fileDiag(file, "HC003", `the spec has ${total} calls; hcgen reads at most ${MAX_CALLS} per spec file (this is call ${MAX_CALLS + 1})`,
    "split the ABI into several spec files, or check that this file is what you meant", pos.line, pos.col);
}

/**
 * Above this size a spec's calls are counted from its text before it is parsed (count-calls.ts):
 * parsing and composing a spec far over MAX_CALLS cost seconds and hundreds of MB before the
 * count after the parse could refuse it. Smaller specs parse quickly; the scan would only add work.
 */
const PRECOUNT_BYTES = 256 * 1024;

function firstAliasPos(doc: Document.Parsed, lines: LineCounter): { line: number; col: number } {
  let offset = 0;
  yaml().visit(doc, { Alias(_, node) { offset = node.range?.[0] ?? 0; return yaml().visit.BREAK; } });
  return lines.linePos(offset);
}

/**
 * Finds the source position of a path in the document. With `key`, points at the key of the last
 * path element (for unknown or misspelt keys); otherwise at the value. Falls back to the deepest
 * existing ancestor, so every diagnostic has a real position.
 */
export function locate(spec: Pick<LoadedSpec, "doc" | "lines" | "positions">, path: readonly PathKey[], key = false): { line: number; col: number } {
  if (spec.positions) return spec.lines.linePos(fastOffset(spec.positions, path, key));
  let node: unknown = spec.doc.contents;
  let best: number = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => yaml().isPair(p) && yaml().isScalar(p.key) && String(p.key.value) === String(k));
      if (!pair) break;
      const last = i === path.length - 1;
      if (last && key && yaml().isScalar(pair.key) && pair.key.range) { best = pair.key.range[0]; node = null; break; }
      node = pair.value;
      const r = (pair.value as Node | null)?.range ?? (pair.key as Node | null)?.range;
      if (r) best = r[0];
    } else if (yaml().isSeq(node) && typeof k === "number") {
      const item = node.items[k] as Node | undefined;
      if (!item) break;
      node = item;
      if (item.range) best = item.range[0];
    } else break;
  }
  return spec.lines.linePos(best);
}

/** locate() over the fast path's position tree: the same walk, the same fallbacks. */
function fastOffset(root: PosMap, path: readonly PathKey[], key: boolean): number {
  let node: PosNode = root;
  let best = root.start;
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    if (typeof node === "number") break;
    if ("pairs" in node) {
      const pair = node.pairs.get(String(k));
      if (!pair) break;
      if (i === path.length - 1 && key) return pair.keyStart;
      node = pair.value;
      best = pair.valueStart;
    } else if (typeof k === "number") {
      const item: PosNode | undefined = node.items[k];
      if (item === undefined) break;
      node = item;
      best = posStart(item);
    } else break;
  }
  return best;
}

export function diagAt(spec: Pick<LoadedSpec, "doc" | "lines" | "file" | "positions">, path: readonly PathKey[], code: Code, message: string,
  hint?: string, opts: { key?: boolean } = {}): Diagnostic {
  const pos = locate(spec, path, opts.key ?? false);
  return { file: spec.file, line: pos.line, col: pos.col, severity: "error", code, message, path: pathString(path), ...(hint ? { hint } : {}) };
}

/**
 * A LoadedSpec for bytes that loaded before without any diagnostic (spec-store.ts serves their model):
 * `file` at once, everything else parsed from the bytes on first use. After a model comes from the
 * store, only diagnostics of later checks (cross-file, lockfile) and tools that read positions
 * (diff) look at the parsed spec, so most runs never parse it.
 */
export function lazySpec(bytes: Uint8Array, file: string): LoadedSpec {
  let spec: LoadedSpec | null = null;
  const parsed = (): LoadedSpec => {
    if (spec) return spec;
    const r = loadSpecBytes(bytes, file);
    // The store serves only bytes that loaded; if they no longer do, this hcgen is not the one that stored them.
    if (!r.spec) throw new Error(`internal error: ${file} loaded when its model was stored, but does not now (${r.diagnostics[0]?.message ?? "no diagnostic"})`);
    return (spec = r.spec);
  };
  const lazy = (key: Exclude<keyof LoadedSpec, "file">): PropertyDescriptor => ({ enumerable: true, get: () => parsed()[key] });
  return Object.defineProperties({ file }, {
    text: lazy("text"), doc: lazy("doc"), lines: lazy("lines"), value: lazy("value"), positions: lazy("positions"),
  }) as LoadedSpec;
}

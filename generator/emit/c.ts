// The C guest header emitter: one self-contained header per ABI (c/<abi_id>.h) with constants and an
// inline-asm stub per call for every arch of the spec, each arch in its own #if block. Arches whose
// blocks come out identical (ppc64/ppc64le, mips/mipsel: same registers and the same instruction
// words) share one block. Freestanding: only <stdint.h>. The stubs are in c-call.ts, the trap choice
// (vendor, conduit, alternatives) in c-traps.ts, and the per-arch C spellings in c-arch.ts.
import type { Abi, ArchAbi, Call, CallArch } from "../model.js";
import { cFunction, cHeaderPath, cMacro, cPrefix, cRetStruct } from "../names.js";
import { ARCH_CONDITION } from "./c-arch.js";
import { convention, emitStub, retStruct, type SelectorMacro, type StubContext } from "./c-call.js";
import { apiComment } from "./c-doc.js";
import { cString, inlineComment, s64Literal, u64Literal } from "./c-text.js";
import { archTraps } from "./c-traps.js";
import { chunkedFile, joinChunks } from "./chunked.js";
import { emitterFromParts } from "./parts.js";
import type { Emitter, GeneratedFile } from "./types.js";

/** Selector values of a call on one arch; the first source with an identity field is P_<CALL>_ID. */
export function selectorsOf(prefix: string, arch: ArchAbi, call: Call, ca: CallArch): SelectorMacro[] {
  const conv = convention(arch, ca.convention);
  let primary = true;
  return conv.select.map((s) => {
    const fields = s.parts.filter((p) => p.kind === "field").map((p) => (p.kind === "field" ? p.field : ""));
    let macro: string | null = null;
    if (fields.length > 0) {
      macro = cMacro(prefix, call.name, primary ? "ID" : `ID_${fields.join("_").toUpperCase()}`);
      primary = false;
    }
    const value = ca.selector[s.source];
    if (value === undefined) throw new Error(`c emitter: ${call.name} on ${arch.arch}: no selector value for ${s.source}`);
    return { source: s.source, macro, value, parts: s.parts };
  });
}

/** The selector value recomputed from the identity fields: checks the model's composition in C. */
function composition(ca: CallArch, s: SelectorMacro): string {
  const terms = s.parts.flatMap((p) => {
    const v = p.kind === "field" ? ca.id[p.field] : p.kind === "const" ? p.value : 0n;
    if (v === undefined) throw new Error(`c emitter: identity field missing for ${s.source}`);
    if (v === 0n) return [];
    return [p.lo === 0 ? u64Literal(v) : `(${u64Literal(v)} << ${p.lo})`];
  });
  return terms.length === 0 ? "0x0ULL" : terms.join(" | ");
}

class Names {
  private readonly seen = new Map<string, string>();
  constructor(private readonly abi: string, parent?: Names) { if (parent) for (const [k, v] of parent.seen) this.seen.set(k, v); }
  add(name: string, what: string): string {
    const prev = this.seen.get(name);
    if (prev !== undefined && prev !== what) throw new Error(`c emitter: ${this.abi}: C name ${name} is both ${prev} and ${what}; rename one in the spec`);
    this.seen.set(name, what);
    return name;
  }
}

/**
 * One arch's block as pieces of whole lines, each ending in "\n" (joined and trimmed at the end, the
 * block's text). The traps come first and the selector list and stubs later, so comparing two
 * arches' blocks (sameText) usually stops after the first piece.
 */
function* archBlock(abi: Abi, arch: ArchAbi, shared: ReadonlySet<string>, names: Names, selectors: Selectors): Generator<string, void, void> {
  const prefix = cPrefix(abi.id);
  const traps = archTraps(prefix, arch);
  traps.macros.forEach((m) => names.add(m, "a build option"));
  const magic = new Map(abi.magic.map((m) => [m.name, m]));
  const ctx: StubContext = {
    prefix, arch, traps: traps.choices,
    magicMacro: (n) => cMacro(prefix, n),
    magicRegister: (n) => magic.get(n)?.register ?? null,
    selectors: (call, ca) => selectors.of(call, ca),
  };
  const out: string[] = [
    `_Static_assert(sizeof(unsigned long) * 8 == ${arch.word}, ${cString(`${prefix}: these stubs need a ${arch.word}-bit unsigned long`)});`,
  ];
  if (arch.arch === "arm") {
    out.push(`#if defined(__thumb__)`, `#error ${cString(`${prefix}: the Arm traps are A32 encodings; compile this file with -marm`)}`, `#endif`);
  }
  out.push(...traps.lines, "");
  for (const conv of arch.conventions) {
    const s = retStruct(prefix, arch, conv);
    if (s) { names.add(cRetStruct(prefix, conv.name), `result struct of ${conv.name}`); out.push(...s, ""); }
  }
  yield lines(out);
  const calls = abi.calls.flatMap((c) => c.arches.filter((a) => a.arch === arch.arch).map((ca) => [c, ca] as const));
  let ids: string[] = [];
  let idLines = 0; // the selector list is followed by a blank line when it has any
  for (const [call, ca] of calls) {
    for (const s of ctx.selectors(call, ca)) {
      if (!s.macro) continue;
      if (!shared.has(s.macro)) ids.push(`#define ${names.add(s.macro, `selector of ${call.name}`)} ${u64Literal(s.value)}`);
      if (s.parts.length > 1) ids.push(`_Static_assert(${s.macro} == (${composition(ca, s)}), ${cString(`${s.macro}: fields`)});`);
      if (arch.word === 32) ids.push(`_Static_assert(${s.macro} <= 0xffffffffULL, ${cString(`${s.macro}: fits the register`)});`);
    }
    if (ids.length >= PIECE_LINES) { idLines += ids.length; yield lines(ids); ids = []; }
  }
  idLines += ids.length;
  if (ids.length) yield lines(ids);
  if (idLines > 0) yield "\n";
  for (const [call, ca] of calls) {
    names.add(cFunction(prefix, call.name), `stub of ${call.name}`);
    yield lines([...emitStub(ctx, call, ca), ""]);
  }
}

/** Lines a piece gathers before it is handed on (a piece is joined, written and let go). */
const PIECE_LINES = 256;

/** Lines as a piece: each ends in a newline. */
const lines = (ls: readonly string[]): string => (ls.length === 0 ? "" : `${ls.join("\n")}\n`);

/**
 * selectorsOf of each call and arch of one header, made once: the shared list, the selector list
 * and the stub (twice) each need them, and an arch block is made more than once when it is
 * compared with another arch's.
 */
class Selectors {
  private readonly made = new Map<CallArch, SelectorMacro[]>();
  private readonly arches: ReadonlyMap<string, ArchAbi>;
  private readonly prefix: string;
  constructor(abi: Abi) {
    this.prefix = cPrefix(abi.id);
    this.arches = new Map(abi.arches.map((a) => [a.arch, a]));
  }
  of(call: Call, ca: CallArch): readonly SelectorMacro[] {
    let s = this.made.get(ca);
    if (s === undefined) this.made.set(ca, (s = selectorsOf(this.prefix, this.arches.get(ca.arch)!, call, ca)));
    return s;
  }
}

/** Selector macros whose value is the same on every arch of the call go before the arch blocks. */
function sharedSelectors(abi: Abi, selectors: Selectors): { lines: string[]; names: Set<string> } {
  const byMacro = new Map<string, { values: Set<bigint>; arches: number; call: Call }>();
  for (const call of abi.calls) {
    for (const ca of call.arches) {
      for (const s of selectors.of(call, ca)) {
        if (!s.macro) continue;
        const e = byMacro.get(s.macro) ?? { values: new Set<bigint>(), arches: 0, call };
        e.values.add(s.value); e.arches++;
        byMacro.set(s.macro, e);
      }
    }
  }
  const lines: string[] = [];
  const names = new Set<string>();
  for (const [macro, e] of byMacro) {
    if (e.values.size !== 1 || e.arches !== e.call.arches.length) continue;
    names.add(macro);
    lines.push(`#define ${macro} ${u64Literal([...e.values][0]!)}`);
  }
  return { lines, names };
}

/**
 * The guest header of an ABI, as pieces (emit/chunked.ts). The C host dispatcher needs only the
 * names the header defines (guestNames): they are gathered as the pieces go by and kept, so the
 * dispatcher does not build the header again when it was just written.
 */
export function* headerPieces(abi: Abi): Generator<string, void, void> {
  const names = new GuestNames();
  for (const piece of buildHeader(abi)) { names.feed(piece); yield piece; }
  guestNameSets.set(abi, names.end());
}

/** The guest header's text whole (tests, conformance builds). */
export function emitHeader(abi: Abi): string {
  return joinChunks(headerPieces(abi));
}

const guestNameSets = new WeakMap<Abi, ReadonlySet<string>>();

/** The names the guest header of `abi` defines (macros, stub functions, structs), for the dispatcher's clash checks. */
export function guestNames(abi: Abi): ReadonlySet<string> {
  let set = guestNameSets.get(abi);
  if (set === undefined) {
    const names = new GuestNames();
    for (const piece of buildHeader(abi)) names.feed(piece);
    guestNameSets.set(abi, (set = names.end()));
  }
  return set;
}

/**
 * The names in a text seen piece by piece, as the regexes below find them in the whole. The text
 * is scanned up to a cut after a newline where the next line starts with neither white space nor
 * "(": no match can span such a cut (`#define X` and `struct X` do not cross a line end, and
 * `hc_x (` would need white space or "(" right after it), so the matches are those of the whole.
 */
class GuestNames {
  private readonly out = new Set<string>();
  private pending = "";
  feed(piece: string): void {
    this.pending += piece;
    if (this.pending.length < GUEST_SCAN_CHARS) return;
    const text = this.pending;
    let cut = text.length - 1;
    for (; cut > 0; cut--) {
      if (text.charCodeAt(cut - 1) !== 10) continue;
      const next = text[cut]!;
      if (next !== "(" && !/\s/.test(next)) break;
    }
    if (cut <= 0) return;
    this.scan(text.slice(0, cut));
    this.pending = text.slice(cut);
  }
  end(): ReadonlySet<string> {
    this.scan(this.pending);
    this.pending = "";
    return this.out;
  }
  private scan(text: string): void {
    for (const m of text.matchAll(/#define (\w+)/g)) this.out.add(m[1]!);
    for (const m of text.matchAll(/\b(hc_\w+)\s*\(/g)) this.out.add(m[1]!);
    for (const m of text.matchAll(/struct (\w+)/g)) this.out.add(m[1]!);
  }
}

const GUEST_SCAN_CHARS = 1 << 20;

function* buildHeader(abi: Abi): Generator<string, void, void> {
  const prefix = cPrefix(abi.id);
  const guard = `${prefix.toUpperCase()}_H`;
  const names = new Names(abi.id);
  const out: string[] = [...apiComment(abi), `#ifndef ${guard}`, `#define ${guard}`, ``, `#include <stdint.h>`, ``];
  if (abi.errors.codes.length) {
    out.push(`/* Status values as the status register holds them (sign: ${abi.errors.sign}); compare with (long)r.<status>. */`);
    for (const e of abi.errors.codes) {
      const doc = e.doc ? ` ${inlineComment(`${e.value}: ${e.doc}`)}` : ` /* ${e.value} */`;
      out.push(`#define ${names.add(cMacro(prefix, e.name), `error ${e.name}`)} ${s64Literal(e.register)}${doc}`);
    }
    out.push("");
  }
  if (abi.magic.length) {
    out.push(`/* Magic values. */`);
    for (const m of abi.magic) {
      const where = [m.ascii !== null ? JSON.stringify(m.ascii) : "", m.register ? `in ${m.register}` : "", m.location ?? "", `arches ${m.arches.join(" ")}`, m.doc];
      const name = names.add(cMacro(prefix, m.name), `magic ${m.name}`);
      const note = inlineComment(where.filter(Boolean).join("; "));
      if (m.value < 1n << 64n) out.push(`#define ${name} ${u64Literal(m.value)} ${note}`);
      else if (m.ascii !== null) out.push(`#define ${name} ${cString(m.ascii)} ${note} /* wider than 64 bits: the bytes */`);
      else out.push(`#define ${names.add(`${name}_HI`, m.name)} ${u64Literal(m.value >> 64n)} ${note}`, `#define ${names.add(`${name}_LO`, m.name)} ${u64Literal(m.value)}`);
    }
    out.push("");
  }
  const selectors = new Selectors(abi);
  const shared = sharedSelectors(abi, selectors);
  shared.names.forEach((n) => names.add(n, "a selector"));
  if (shared.lines.length) {
    out.push(`/* Selector values, the same on every arch that has the call. */`);
    for (const l of shared.lines) out.push(l); // not push(...spread): 100k lines overflow the stack
    out.push("");
  }
  names.add(cMacro(prefix, "ARCH"), "the arch name");
  out.push(`/* ${cMacro(prefix, "ARCH")}: the spec arch these stubs were built for (undefined: no stubs for this target). */`);
  abi.arches.forEach((a, i) => out.push(`#${i === 0 ? "if" : "elif"} ${ARCH_CONDITION[a.arch]}`, `#define ${cMacro(prefix, "ARCH")} ${cString(a.arch)}`));
  out.push(`#endif`, ``);
  yield lines(out);
  // Arches whose blocks have identical text share one #if: each block is compared with the first of
  // every group so far as it is generated (sameText), and written once per group.
  // A group's first block, once compared equal in full, is kept as its pieces (when small) so it is
  // not made a third time to be written (ppc64/ppc64le, mips/mipsel in the catalog).
  const groups: { arches: ArchAbi[]; pieces: string[] | null }[] = [];
  const block = (arch: ArchAbi) => archBlock(abi, arch, shared.names, new Names(abi.id, names), selectors);
  for (const arch of abi.arches) {
    const group = groups.find((g) => {
      if (g.pieces !== null) return sameText(g.pieces, block(arch));
      const kept: string[] = [];
      if (!sameText(keeping(block(g.arches[0]!), kept), block(arch))) return false;
      if (kept.length > 0) g.pieces = kept;
      return true;
    });
    if (group) group.arches.push(arch); else groups.push({ arches: [arch], pieces: null });
  }
  for (const group of groups) {
    const arches = group.arches.map((a) => a.arch);
    yield lines([`/* ======== ${arches.join(", ")} ======== */`,
      `#if ${arches.map((a) => (arches.length > 1 ? `(${ARCH_CONDITION[a]})` : ARCH_CONDITION[a])).join(" || ")}`]);
    yield* trimmedEnd(group.pieces ?? block(group.arches[0]!));
    yield `\n${lines([`#endif /* ${arches.join(", ")} */`, ``])}`;
  }
  yield `#endif /* ${guard} */\n`;
}

/** Characters of a compared block kept for writing it (above: made again instead). */
const KEEP_CHARS = 1 << 22;

/** The pieces, also pushed to `kept` until they pass KEEP_CHARS (then `kept` is emptied: nothing kept). */
function* keeping(pieces: Iterable<string>, kept: string[]): Generator<string, void, void> {
  let chars = 0;
  for (const p of pieces) {
    if (chars <= KEEP_CHARS) {
      chars += p.length;
      if (chars <= KEEP_CHARS) kept.push(p); else kept.length = 0;
    }
    yield p;
  }
}

/** Whether two piece streams join to the same text (pieces may break at different places); stops at the first difference. */
function sameText(a: Iterable<string>, b: Iterable<string>): boolean {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  let sa = "";
  let sb = "";
  for (;;) {
    if (sa === "") { const r = ia.next(); if (!r.done) { sa = r.value; continue; } }
    if (sb === "") { const r = ib.next(); if (!r.done) { sb = r.value; continue; } }
    if (sa === "" || sb === "") return sa === sb; // one ended (both: the same text)
    const n = Math.min(sa.length, sb.length);
    if (sa.slice(0, n) !== sb.slice(0, n)) return false;
    sa = sa.slice(n);
    sb = sb.slice(n);
  }
}

/** The pieces with the white space at the end of their join left off (String.prototype.trimEnd, streamed). */
function* trimmedEnd(pieces: Iterable<string>): Generator<string, void, void> {
  let held = "";
  for (const p of pieces) {
    const t = p.trimEnd();
    if (t === "") { held += p; continue; }
    yield held + t;
    held = p.slice(t.length);
  }
}

export const cEmitter: Emitter = emitterFromParts("c", {
  abi: (abi): GeneratedFile[] => [chunkedFile(cHeaderPath(abi.id), [abi.file], () => headerPieces(abi))],
  shared: () => [],
});


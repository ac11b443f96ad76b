// The view model of one ABI page: every value the Markdown and HTML templates show, as plain
// (unescaped) strings, so the templates only lay out and escape. Both formats read this one view,
// which is what keeps the Markdown and the HTML page saying the same thing.
import type { Abi, ArchAbi, Convention, Magic, Range, SelectorSource, Trap } from "../../model.js";
import { asciiText, bits, bytesText, hexDec, insnHex, modeName, outcomeText, regHex, sourceText, sourceUrl } from "./format.js";
import { slug } from "./text.js";
import { callRows, callViews, type CallRow, type CallView, type SourceRef } from "./view-calls.js";
import { hasBitLayout, svgName } from "./svg.js";

export interface KV { readonly label: string; readonly value: string }

export interface TrapView {
  readonly name: string; readonly mnemonic: string; readonly bytes: string; readonly insn: string | null;
  readonly attrs: string; readonly operand: string | null; readonly magic: string | null;
  readonly sequence: readonly { mnemonic: string; insn: string; bytes: string; trap: string }[];
}
export interface SelectView {
  readonly source: string;
  readonly layout: readonly { bits: string; what: string }[];
  /** site-relative path of the bit-field picture; null when the whole register is one field. */
  readonly svg: string | null;
}
export interface ConvView {
  readonly name: string; readonly title: string; readonly select: readonly SelectView[];
  readonly args: string; readonly results: string; readonly clobbers: string; readonly preserves: string;
  readonly strip: string; readonly anchor: string;
}
export interface ArchView {
  readonly arch: string; readonly anchor: string; readonly summary: string; readonly otherVendor: string | null;
  readonly traps: readonly TrapView[]; readonly conventions: readonly ConvView[];
  readonly privilege: string; readonly magic: string; readonly cite: readonly SourceRef[];
}
export interface SourceView { readonly key: string; readonly anchor: string; readonly text: string; readonly url: string | null }

export interface AbiView {
  readonly id: string; readonly title: string; readonly version: string; readonly description: string;
  readonly file: string; readonly numberSpace: string | null; readonly notes: readonly string[];
  readonly callCount: number;
  /** Calls whose register use a cited source shows (`layout` not unknown). */
  readonly knownLayoutCount: number;
  readonly fields: string; readonly callers: string;
  readonly arches: readonly ArchView[];
  readonly errors: { readonly sign: string; readonly success: string; readonly cite: readonly SourceRef[];
    readonly codes: readonly { name: string; anchor: string; value: string; register: string; roles: string; doc: string }[] };
  readonly magic: readonly { name: string; value: string; ascii: string; where: string; arches: string; doc: string }[];
  readonly ranges: readonly { name: string; field: string; from: string; to: string; use: string; doc: string }[];
  readonly privilege: readonly { arch: string; allowed: string; otherwise: string }[];
  readonly callTable: readonly CallRow[];
  readonly calls: readonly CallView[];
  readonly sources: readonly SourceView[];
}

export const cites = (keys: readonly string[]): SourceRef[] => keys.map((key) => ({ key, anchor: `source-${slug(key)}` }));

function trapView(arch: ArchAbi, t: Trap): TrapView {
  const attrs = [
    t.vendor ? `vendor ${t.vendor}` : "", t.conduit ? `conduit ${t.conduit}` : "",
    t.mode ? `mode ${t.mode} (${modeName(arch.arch, t.mode)})` : "",
    t.via === "page" ? `hypercall page${t.stride !== null ? `, stride ${t.stride} bytes` : ""}` : "",
  ].filter((s) => s !== "").join("; ");
  return {
    name: t.name, mnemonic: t.mnemonic, bytes: bytesText(t.bytes), insn: t.insn === null ? null : insnHex(t.insn, t.bytes.length), attrs,
    operand: t.operand ? `bits ${bits(t.operand.hi, t.operand.lo)} (the @operand selector)` : null,
    magic: t.magic.length > 0 ? t.magic.join(", ") : null,
    sequence: t.sequence.map((s) => ({ mnemonic: s.mnemonic, insn: insnHex(s.insn, s.bytes.length), bytes: bytesText(s.bytes), trap: s.trap ? "trap" : "" })),
  };
}

function selectView(abi: Abi, arch: ArchAbi, conv: Convention, s: SelectorSource): SelectView {
  const layout = [...s.parts].sort((a, b) => b.lo - a.lo).map((p) => ({
    bits: bits(p.hi, p.lo),
    what: p.kind === "field" ? `field ${p.field}` : p.kind === "const" ? `constant ${hexDec(p.value)}` : `argument ${p.arg}`,
  }));
  return { source: s.source, layout, svg: hasBitLayout(arch, s) ? svgName(abi.id, arch.arch, conv.name, s.source, "bits") : null };
}

function convView(abi: Abi, arch: ArchAbi, c: Convention): ConvView {
  return {
    name: c.name, title: c.name === "default" ? "default convention" : `convention ${c.name}`,
    anchor: `conv-${slug(arch.arch)}-${slug(c.name)}`,
    select: c.select.map((s) => selectView(abi, arch, c, s)),
    args: c.args.join(", ") || "none",
    results: c.results.map((r) => `${r.register}${r.bits ? `[${bits(r.bits.hi, r.bits.lo)}]` : ""} = ${r.name}${r.status ? " (status)" : ""}`).join(", ") || "none",
    clobbers: c.clobbers.join(", ") || "none",
    preserves: c.preserves === "all" ? "all other registers" : c.preserves.join(", ") || "none",
    strip: svgName(abi.id, arch.arch, c.name, "regs", "strip"),
  };
}

function archView(abi: Abi, a: ArchAbi): ArchView {
  const other = a.otherVendor === null ? null
    : a.otherVendor.kind === "patch" ? "the other vendor's instruction is patched by the host and retried"
    : `the other vendor's instruction faults (${a.otherVendor.fault})`;
  return {
    arch: a.arch, anchor: `arch-${slug(a.arch)}`,
    summary: `${a.word}-bit, ${a.endian}-endian, register pairs ${a.pairOrder}`,
    otherVendor: other, traps: a.traps.map((t) => trapView(a, t)),
    conventions: a.conventions.map((c) => convView(abi, a, c)),
    privilege: privilegeText(a), magic: a.magic.join(", ") || "none", cite: cites(a.cite),
  };
}

function privilegeText(a: ArchAbi): string {
  return a.privilege.allowed.map((m) => `${m} (${modeName(a.arch, m)})`).join(", ");
}

function magicView(m: Magic): AbiView["magic"][number] {
  return {
    name: m.name, value: hexDec(m.value), ascii: asciiText(m.ascii) ?? "",
    where: [m.register ? `register ${m.register}` : "", m.location ?? ""].filter((s) => s !== "").join("; "),
    arches: m.arches.join(", "), doc: m.doc,
  };
}

function rangeView(r: Range): AbiView["ranges"][number] {
  return { name: r.name, field: r.field, from: hexDec(r.from), to: hexDec(r.to), use: r.use, doc: r.doc };
}

/** The page view of `abi`; `calls` are its call sections' views (docs/page-stream.ts passes markers). */
export function abiView(abi: Abi, calls: readonly CallView[] = callViews(abi)): AbiView {
  const roles = abi.errors.roles;
  const roleOf = (name: string): string => [
    roles.notSupported === name ? "not supported" : "", roles.failed === name ? "failed" : "",
    roles.invalidAddress === name ? "invalid address" : "", roles.denied === name ? "denied" : "",
    abi.errors.success === name ? "success" : "",
  ].filter((s) => s !== "").join(", ");
  return {
    id: abi.id, title: abi.title, version: abi.version, description: abi.description, file: abi.file,
    numberSpace: abi.numberSpace ?? null, notes: abi.notes, callCount: abi.calls.length,
    knownLayoutCount: abi.calls.filter((c) => c.layout === "known").length,
    fields: abi.fields.map((f) => `${f.name} (${f.width} bits)`).join(", "),
    callers: abi.callers.join(", "),
    arches: abi.arches.map((a) => archView(abi, a)),
    errors: {
      sign: abi.errors.sign === "negated" ? "negated: the status register holds -value" : "as-is: the status register holds the value",
      success: abi.errors.success ?? "none", cite: cites(abi.errors.cite),
      codes: abi.errors.codes.map((e) => ({ name: e.name, anchor: `error-${slug(e.name)}`, value: e.value.toString(), register: regHex(e.register), roles: [roleOf(e.name), e.aliasOf !== null ? `alias of ${e.aliasOf}` : ""].filter((x) => x !== "").join(", "), doc: e.doc })),
    },
    magic: abi.magic.map(magicView),
    ranges: abi.ranges.map(rangeView),
    privilege: [
      { arch: "all (file rule)", allowed: abi.privilege.allowed.join(", "), otherwise: outcomeText(abi.privilege.otherwise, null) },
      ...abi.arches.map((a) => ({ arch: a.arch, allowed: privilegeText(a), otherwise: outcomeText(a.privilege.otherwise, a.arch) })),
    ],
    callTable: callRows(abi),
    calls,
    sources: abi.sources.map((s) => ({ key: s.key, anchor: `source-${slug(s.key)}`, text: sourceText(s), url: sourceUrl(s) })),
  };
}

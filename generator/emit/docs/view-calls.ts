// The call table and per-call sections of an ABI page. Per-arch values (selector numbers,
// argument registers) are grouped by arches that agree, so a call that is the same on eight arches
// takes one line, and a difference on one arch stands out.
import type { Abi, Arg, ArchAbi, Call, CallArch } from "../../model.js";
import { bits, groupByText, hexDec } from "./format.js";
import { slug } from "./text.js";

export interface PerArch { readonly arches: string; readonly text: string }
export interface SourceRef { readonly key: string; readonly anchor: string }

export interface CallRow {
  readonly name: string; readonly anchor: string; readonly group: string;
  readonly identity: readonly PerArch[]; readonly selector: readonly PerArch[]; readonly status: string;
  /** The first sentence of the call's doc (Markdown), for the call table. */
  readonly summary: string;
  /** "known" or "unknown": whether a cited source shows the call's register use. */
  readonly layout: string;
}
export interface ArgView { readonly name: string; readonly type: string; readonly regs: readonly PerArch[]; readonly doc: string }
export interface CallView {
  readonly name: string; readonly anchor: string; readonly group: string; readonly doc: string;
  readonly arches: string; readonly selector: readonly PerArch[]; readonly via: readonly PerArch[];
  readonly args: readonly ArgView[]; readonly results: readonly ArgView[];
  /** Set when no source shows the register use: which raw registers the stubs pass and return, per arch. */
  readonly unknownLayout: readonly PerArch[] | null;
  readonly errors: readonly { name: string; anchor: string; value: string }[];
  readonly gates: string; readonly callers: string; readonly lifecycle: readonly string[];
  readonly cite: readonly SourceRef[];
}

function identityText(abi: Abi, ca: CallArch): string {
  return abi.fields.filter((f) => ca.id[f.name] !== undefined).map((f) => `${f.name}=${hexDec(ca.id[f.name]!)}`).join(", ");
}

/** Each ABI's arches by name: the texts below look one up per call and arch. */
const archMaps = new WeakMap<Abi, ReadonlyMap<string, ArchAbi>>();

function archOf(abi: Abi, arch: string): ArchAbi | undefined {
  let m = archMaps.get(abi);
  if (m === undefined) {
    const byName = new Map<string, ArchAbi>();
    for (const a of abi.arches) if (!byName.has(a.arch)) byName.set(a.arch, a); // the first, as find
    archMaps.set(abi, (m = byName));
  }
  return m.get(arch);
}

/** Selector register values in the convention's select order (the order a stub loads them). */
export function selectorText(abi: Abi, ca: CallArch): string {
  const conv = archOf(abi, ca.arch)?.conventions.find((c) => c.name === ca.convention);
  const order = conv ? conv.select.map((s) => s.source) : Object.keys(ca.selector).sort();
  return order.filter((r) => ca.selector[r] !== undefined).map((r) => `${r} = ${hexDec(ca.selector[r]!)}`).join(", ");
}

function viaText(abi: Abi, ca: CallArch): string {
  const arch = archOf(abi, ca.arch);
  const defaultTrap = arch?.traps[0]?.name;
  const trap = ca.trap === defaultTrap ? `trap ${ca.trap} (default)` : `trap ${ca.trap}`;
  return ca.convention === "default" ? trap : `${trap}, convention ${ca.convention}`;
}

export function lifecycleLines(c: Call): string[] {
  const l = c.lifecycle;
  const out: string[] = [];
  if (l.since !== null) out.push(`since ${l.since}`);
  if (l.deprecated) out.push(`deprecated${l.deprecated.since !== null ? ` since ${l.deprecated.since}` : ""}: ${l.deprecated.reason}${l.deprecated.replacement !== null ? ` (use ${l.deprecated.replacement})` : ""}`);
  if (l.removed) out.push(`removed${l.removed.since !== null ? ` in ${l.removed.since}` : ""}: ${l.removed.reason}`);
  return out;
}

function statusText(c: Call): string {
  if (c.lifecycle.removed) return "removed";
  if (c.lifecycle.deprecated) return "deprecated";
  return c.lifecycle.since !== null ? `since ${c.lifecycle.since}` : "";
}

/** Each ABI's group titles by name (a search of abi.groups per call was quadratic at 10k calls). */
const groupTitles = new WeakMap<Abi, ReadonlyMap<string, string>>();

const groupTitle = (abi: Abi, c: Call): string => {
  if (c.group === null) return "";
  let titles = groupTitles.get(abi);
  if (titles === undefined) {
    const m = new Map<string, string>();
    for (const g of abi.groups) if (!m.has(g.name)) m.set(g.name, g.title); // the first of a name, as find
    groupTitles.set(abi, (titles = m));
  }
  return titles.get(c.group) || c.group;
};

export const callAnchor = (name: string): string => `call-${slug(name)}`;

/** The first sentence of a doc (up to the first ". " or line break), at most 120 characters. */
export function summary(doc: string): string {
  const line = doc.trim().split(/\n/)[0] ?? "";
  const end = line.search(/[.!?](\s|$)/);
  const first = end < 0 ? line : line.slice(0, end + 1);
  return first.length <= 120 ? first : `${first.slice(0, 117).replace(/\s+\S*$/, "")}...`;
}

function rawRegsText(ca: CallArch): string {
  const ins = ca.args.flatMap((a) => ca.argRegs[a.name] ?? []);
  const outs = ca.resultValues.map((r) => ca.resultRegs[r.name]?.register ?? r.name);
  return `in ${ins.join(", ") || "none"}; out ${outs.join(", ") || "status only"}`;
}

export function callRows(abi: Abi): CallRow[] {
  return abi.calls.map((c) => ({
    summary: summary(c.doc), layout: c.layout,
    name: c.name, anchor: callAnchor(c.name), group: groupTitle(abi, c),
    identity: groupByText(c.arches, (ca) => identityText(abi, ca)),
    selector: groupByText(c.arches, (ca) => selectorText(abi, ca)),
    status: statusText(c),
  }));
}

function argRegs(regs: readonly string[] | undefined, pairOrder: string): string {
  if (regs === undefined) return "not passed on this arch";
  if (regs.length === 0) return "selector bits";
  return regs.length === 1 ? regs[0]! : `${regs.join(", ")} (register pair, ${pairOrder})`;
}

function typeText(a: Arg): string {
  return a.dir === null ? a.type : `${a.type} (${a.dir})`;
}

function argViews(abi: Abi, c: Call): ArgView[] {
  return c.args.map((a) => ({
    name: a.name, type: typeText(a), doc: a.doc,
    regs: groupByText(c.arches, (ca) => {
      const pair = archOf(abi, ca.arch)?.pairOrder ?? "high-first";
      return argRegs(ca.argRegs[a.name], pair);
    }),
  }));
}

function resultViews(c: Call): ArgView[] {
  return c.results.map((r) => ({
    name: r.name, type: typeText(r), doc: r.doc,
    regs: groupByText(c.arches, (ca) => {
      const reg = ca.resultRegs[r.name];
      return reg ? `${reg.register}${reg.bits ? `[${bits(reg.bits.hi, reg.bits.lo)}]` : ""}` : "not returned on this arch";
    }),
  }));
}

export function callViews(abi: Abi): CallView[] {
  return abi.calls.map((c) => callView(abi, c));
}

/** One call's section view (a page streams its sections one call at a time: docs.ts). */
export function callView(abi: Abi, c: Call): CallView {
  return {
    name: c.name, anchor: callAnchor(c.name), group: groupTitle(abi, c), doc: c.doc,
    arches: c.arches.map((a) => a.arch).join(", "),
    selector: groupByText(c.arches, (ca) => selectorText(abi, ca)),
    via: groupByText(c.arches, (ca) => viaText(abi, ca)),
    args: c.layout === "unknown" ? [] : argViews(abi, c), results: c.layout === "unknown" ? [] : resultViews(c),
    unknownLayout: c.layout === "unknown" ? groupByText(c.arches, rawRegsText) : null,
    errors: c.errors.map((name) => {
      const code = abi.errors.codes.find((e) => e.name === name);
      return { name, anchor: `error-${slug(name)}`, value: code ? code.value.toString() : "" };
    }),
    gates: c.gates.join(", "), callers: c.callers.join(", "), lifecycle: lifecycleLines(c),
    cite: c.cite.map((key) => ({ key, anchor: `source-${slug(key)}` })),
  };
}

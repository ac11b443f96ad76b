// `hcgen diff` core: compares two loaded versions of the catalog and classifies every change
// (rules.ts). Arch, trap, convention, error and magic changes are found here; calls in compare-calls.ts.
import type { LoadedSpec } from "../load.js";
import type { Abi, ArchAbi, Convention, Model, Trap } from "../model.js";
import { changeEmitter, compareCalls, type Emit } from "./compare-calls.js";
import { hex, hexBytes } from "../spec-values.js";
import type { Change } from "./rules.js";
import { Where } from "./where.js";

export interface Side { readonly model: Model; readonly specs: ReadonlyMap<string, LoadedSpec> }

/** Stable JSON of model pieces: bigints as hex, bytes as hex pairs. */
export function canon(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === "bigint" ? hex(x) : x instanceof Uint8Array ? Buffer.from(x).toString("hex") : x);
}

export function compareModels(before: Side, after: Side): Change[] {
  const out: Change[] = [];
  const newIds = new Map(after.model.abis.map((a) => [a.id, a]));
  for (const o of before.model.abis) {
    const n = newIds.get(o.id);
    if (!n) {
      out.push({ rule: "arch-dropped", breaking: true, abi: o.id, name: o.id, message: `ABI '${o.id}' (${o.file}) was removed`, file: o.file, line: 1, col: 1 });
      continue;
    }
    const where = new Where(after.specs.get(n.id)!);
    compareAbi(o, n, where, changeEmitter(n.id, out));
    for (const c of out) {
      if (c.abi !== n.id || !c.breaking || c.acknowledged !== undefined) continue;
      const ack = where.acknowledgements().find((a) => a.rule === c.rule && (a.name === null || a.name === c.name));
      if (ack) c.acknowledged = ack.reason;
    }
  }
  const oldIds = new Set(before.model.abis.map((a) => a.id));
  for (const n of after.model.abis) if (!oldIds.has(n.id)) {
    out.push({ rule: "call-added", breaking: false, abi: n.id, name: n.id, message: `new ABI '${n.id}' with ${n.calls.length} calls`, file: n.file, line: 1, col: 1 });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.message < b.message ? -1 : 1)));
}

function compareAbi(o: Abi, n: Abi, where: Where, emit: Emit): void {
  const newArches = new Map(n.arches.map((a) => [a.arch as string, a]));
  for (const oa of o.arches) {
    const na = newArches.get(oa.arch);
    if (!na) emit("arch-dropped", oa.arch, `arch ${oa.arch} was dropped from ${n.id}`, where.at(["arches"]));
    else compareArch(oa, na, where, emit);
  }
  for (const na of n.arches) if (!o.arches.some((a) => a.arch === na.arch)) emit("arch-added", na.arch, `arch ${na.arch} added`, where.arch(na.arch));
  compareErrors(o, n, where, emit);
  compareMagic(o, n, where, emit);
  compareCalls(o, n, where, emit);
  const lost = o.privilege.allowed.filter((m) => !n.privilege.allowed.includes(m));
  if (lost.length) emit("convention-changed", "privilege", `callers in ${lost.join(", ")} mode may no longer call`, where.at(["privilege"]));
  const docs = (a: Abi) => canon([a.title, a.version, a.description, a.notes, a.sources, a.ranges, a.privilege, a.callers, a.groups.map((g) => [g.name, g.title, g.doc])]);
  if (docs(o) !== docs(n)) emit("docs-changed", n.id, `${n.id}: title, description, notes, sources, ranges or groups changed`, where.at([]));
}

const trapSig = (t: Trap) => canon([t.bytes, t.insn, t.operand, t.sequence, t.vendor, t.conduit, t.mode, t.via, t.stride, t.magic]);
const convSig = (c: Convention) => canon([c.select, c.args, c.results, c.clobbers, c.preserves]);

function compareArch(o: ArchAbi, n: ArchAbi, where: Where, emit: Emit): void {
  const arch = o.arch;
  for (const t of o.traps) {
    const nt = n.traps.find((x) => x.name === t.name);
    if (!nt) emit("trap-changed", arch, `trap '${t.name}' (${t.mnemonic}) was removed from ${arch}`, where.arch(arch));
    else if (trapSig(t) !== trapSig(nt)) emit("trap-changed", arch, `trap '${t.name}' on ${arch} changed: ${t.mnemonic} [${hexBytes(t.bytes)}] -> ${nt.mnemonic} [${hexBytes(nt.bytes)}]`, where.trap(arch, t.name));
  }
  if (o.traps[0] && n.traps[0] && o.traps[0].name !== n.traps[0].name) emit("trap-changed", arch, `default trap on ${arch} ${o.traps[0].name} -> ${n.traps[0].name}`, where.arch(arch, "traps"));
  for (const t of n.traps) if (!o.traps.some((x) => x.name === t.name)) emit("docs-changed", arch, `trap '${t.name}' added on ${arch}`, where.trap(arch, t.name));
  if (canon(o.otherVendor) !== canon(n.otherVendor)) emit("trap-changed", arch, `other_vendor on ${arch} changed`, where.arch(arch));
  for (const c of o.conventions) {
    const nc = n.conventions.find((x) => x.name === c.name);
    if (!nc) emit("convention-changed", arch, `convention '${c.name}' was removed from ${arch}`, where.arch(arch));
    // Positions only for a change: finding one parses the spec when its model came from the spec store.
    else if (convSig(c) !== convSig(nc)) emit("convention-changed", arch, `${c.name === "default" ? "the register convention" : `convention '${c.name}'`} of ${arch} changed${describeConv(c, nc)}`,
      c.name === "default" ? where.arch(arch) : where.arch(arch, "conventions", c.name));
  }
  if (o.pairOrder !== n.pairOrder) emit("convention-changed", arch, `pair_order on ${arch} ${o.pairOrder} -> ${n.pairOrder}`, where.arch(arch));
}

function describeConv(a: Convention, b: Convention): string {
  const parts: string[] = [];
  if (canon(a.args) !== canon(b.args)) parts.push(`args [${a.args.join(", ")}] -> [${b.args.join(", ")}]`);
  if (canon(a.select) !== canon(b.select)) parts.push(`selector ${a.select.map((s) => s.source).join("+")} -> ${b.select.map((s) => s.source).join("+")}`);
  if (canon(a.results) !== canon(b.results)) parts.push(`results [${a.results.map((r) => r.register).join(", ")}] -> [${b.results.map((r) => r.register).join(", ")}]`);
  if (canon([a.clobbers, a.preserves]) !== canon([b.clobbers, b.preserves])) parts.push("clobbers/preserves");
  return parts.length ? `: ${parts.join("; ")}` : "";
}


function compareErrors(o: Abi, n: Abi, where: Where, emit: Emit): void {
  if (o.errors.sign !== n.errors.sign) emit("error-changed", "sign", `error sign ${o.errors.sign} -> ${n.errors.sign}: every status value changes`, where.at(["errors", "sign"]));
  if (o.errors.success !== n.errors.success) emit("error-changed", "success", `success code ${o.errors.success} -> ${n.errors.success}`, where.at(["errors"]));
  if (canon(o.errors.roles) !== canon(n.errors.roles)) emit("error-changed", "roles", "error roles (what the runtime answers for unknown calls, failures, denials) changed", where.at(["errors", "roles"]));
  for (const e of o.errors.codes) {
    const ne = n.errors.codes.find((x) => x.name === e.name);
    if (!ne) emit("error-changed", e.name, `error ${e.name} (${e.value}) was removed`, where.at(["errors", "codes"]));
    else if (ne.register !== e.register) emit("error-changed", e.name, `error ${e.name} changed: ${e.value} -> ${ne.value} (register ${hex(e.register)} -> ${hex(ne.register)})`, where.error(e.name));
    else if (ne.doc !== e.doc) emit("docs-changed", e.name, `error ${e.name} documentation changed`, where.error(e.name));
  }
  for (const e of n.errors.codes) if (!o.errors.codes.some((x) => x.name === e.name)) emit("error-added", e.name, `error ${e.name} = ${e.value} added`, where.error(e.name));
}

function compareMagic(o: Abi, n: Abi, where: Where, emit: Emit): void {
  for (const m of o.magic) {
    const nm = n.magic.find((x) => x.name === m.name);
    if (!nm) emit("magic-changed", m.name, `magic ${m.name} (${hex(m.value)}) was removed`, where.at(["magic"]));
    else if (canon([m.value, m.register, m.arches]) !== canon([nm.value, nm.register, nm.arches])) {
      emit("magic-changed", m.name, `magic ${m.name} changed: ${hex(m.value)}${m.register ? ` in ${m.register}` : ""} -> ${hex(nm.value)}${nm.register ? ` in ${nm.register}` : ""}`, where.magic(m.name));
    } else if (canon([m.doc, m.location]) !== canon([nm.doc, nm.location])) emit("docs-changed", m.name, `magic ${m.name} documentation changed`, where.magic(m.name));
  }
  for (const m of n.magic) if (!o.magic.some((x) => x.name === m.name)) emit("magic-added", m.name, `magic ${m.name} = ${hex(m.value)} added`, where.magic(m.name));
}

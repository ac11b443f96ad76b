// Call-level comparison for `hcgen diff`: numbers, arguments, registers, traps and lifecycle of every
// call of one ABI, old versus new.
import type { Abi, Arg, Call, CallArch } from "../model.js";
import { identityKey } from "./identity.js";
import { isBreaking, type Change, type Rule } from "./rules.js";
import type { Pos, Where } from "./where.js";

export type Emit = (rule: Rule, name: string, message: string, pos: Pos) => void;

export function changeEmitter(abi: string, out: Change[]): Emit {
  return (rule, name, message, pos) => out.push({ rule, breaking: isBreaking(rule), abi, name, message, ...pos });
}

/** How a type sits in a register: u64 and ulong are the same thing on a 64-bit arch. */
function rep(type: string, word: number): string {
  const m = /^([ui])(8|16|32|64)$/.exec(type);
  if (m) return `${m[1]}${m[2]}`;
  if (type === "bool") return "u8";
  return `${type === "long" ? "i" : "u"}${word}`;
}
const argSig = (a: Arg, word: number) => `${a.name}:${rep(a.type, word)}`;
/** The registers a call uses, for the arguments that both versions have (appending is not a move). */
const regs = (ca: CallArch, argNames: readonly string[]) => JSON.stringify({
  select: Object.keys(ca.selector).sort(),
  args: argNames.map((a) => [a, ca.argRegs[a] ?? []]),
  results: ca.results.map((r) => [r.register, r.status, r.bits ? `${r.bits.hi}:${r.bits.lo}` : null]),
});

/** Describes how the new argument list breaks the old one, or null when it only appends. */
export function argBreak(kind: string, before: readonly Arg[], after: readonly Arg[], word: number): string | null {
  const o = before.map((a) => argSig(a, word)), n = after.map((a) => argSig(a, word));
  if (o.every((s, i) => n[i] === s)) return null;
  const names = after.map((a) => a.name);
  const dropped = before.filter((a) => !names.includes(a.name)).map((a) => a.name);
  if (dropped.length) return `${kind} dropped: ${dropped.join(", ")}`;
  const retyped = before.filter((a) => after.some((b) => b.name === a.name && rep(b.type, word) !== rep(a.type, word)))
    .map((a) => `${a.name} ${a.type} -> ${after.find((b) => b.name === a.name)!.type}`);
  if (retyped.length) return `${kind} retyped: ${retyped.join(", ")}`;
  return `${kind} reordered: (${before.map((a) => a.name).join(", ")}) -> (${names.join(", ")})`;
}

/** Groups per-arch findings so one message names every arch it applies to. */
function perArch(found: Map<string, string[]>, emit: (message: string) => void): void {
  for (const [msg, arches] of found) emit(`${msg} on ${arches.join(", ")}`);
}
const add = (m: Map<string, string[]>, msg: string, arch: string) => m.set(msg, [...(m.get(msg) ?? []), arch]);

export function compareCalls(oldAbi: Abi, newAbi: Abi, where: Where, emit: Emit): void {
  const olds = new Map(oldAbi.calls.map((c) => [c.name, c]));
  const news = new Map(newAbi.calls.map((c) => [c.name, c]));
  const pos = (c: Call): Pos => ({ file: where.spec.file, line: c.at.line, col: c.at.col });
  // (arch, identity) -> old owner, to catch a number handed to another call.
  const oldOwners = new Map<string, string>();
  for (const c of oldAbi.calls) for (const ca of c.arches) oldOwners.set(`${ca.arch} ${identityKey(oldAbi, ca.id)}`, c.name);

  for (const [name, o] of olds) {
    const n = news.get(name);
    if (!n) {
      const reserved = o.arches.every((ca) => newAbi.ranges.some((r) => r.use === "reserved" && ca.id[r.field] !== undefined && ca.id[r.field]! >= r.from && ca.id[r.field]! <= r.to));
      if (o.lifecycle.removed || reserved) emit("call-retired", name, `'${name}' was deleted; its number is ${reserved ? "inside a reserved range" : "marked removed"}`, where.section(o.group));
      else emit("call-removed", name, `'${name}' (${identityKey(oldAbi, o.arches[0]?.id ?? {})}) was removed without \`removed:\`; keep it with \`removed: { reason: ... }\` so its number stays reserved`, where.section(o.group));
      continue;
    }
    compareCall(oldAbi, newAbi, o, n, pos(n), emit);
  }
  for (const [name, n] of news) {
    if (!olds.has(name)) emit("call-added", name, `'${name}' added (${identityKey(newAbi, n.arches[0]?.id ?? {})})`, pos(n));
    const reused = new Map<string, string[]>();
    for (const ca of n.arches) {
      const owner = oldOwners.get(`${ca.arch} ${identityKey(newAbi, ca.id)}`);
      if (owner !== undefined && owner !== name) add(reused, `${identityKey(newAbi, ca.id)} was '${owner}' and is now '${name}'`, ca.arch);
    }
    perArch(reused, (m) => emit("number-reused", name, m, pos(n)));
  }
}

function compareCall(oldAbi: Abi, newAbi: Abi, o: Call, n: Call, at: Pos, report: Emit): void {
  let emitted = false;
  const emit: Emit = (...x) => { emitted = true; report(...x); };
  const name = n.name;
  const oldArches = new Map(o.arches.map((a) => [a.arch as string, a]));
  const newArches = new Map(n.arches.map((a) => [a.arch as string, a]));
  const renum = new Map<string, string[]>(), args = new Map<string, string[]>(), appended = new Map<string, string[]>();
  const conv = new Map<string, string[]>(), trap = new Map<string, string[]>(), layout = new Map<string, string[]>();
  for (const [arch, oa] of oldArches) {
    const na = newArches.get(arch);
    if (!na) { emit("arch-dropped", name, `'${name}' is no longer provided on ${arch}`, at); continue; }
    const ok = identityKey(oldAbi, oa.id), nk = identityKey(newAbi, na.id);
    if (ok !== nk) add(renum, `'${name}' renumbered: ${ok} -> ${nk}`, arch);
    // Learning a layout (or admitting that an empty one was never known) changes the stub's
    // signature, but no binary compiled against the old spec passed anything the new one reads differently.
    const empty = oa.args.length === 0 && oa.resultValues.length === 0;
    if (o.layout !== n.layout && (o.layout === "unknown" || empty)) {
      add(layout, `'${name}' layout ${o.layout} -> ${n.layout}`, arch);
      if (oa.trap !== na.trap) add(trap, `'${name}' trap ${oa.trap} -> ${na.trap}`, arch);
      continue;
    }
    const word = newAbi.arches.find((x) => x.arch === arch)?.word ?? 64;
    const a = argBreak("arguments", oa.args, na.args, word) ?? argBreak("results", oa.resultValues, na.resultValues, word);
    if (a) add(args, `'${name}' ${a}`, arch);
    else if (na.args.length > oa.args.length || na.resultValues.length > oa.resultValues.length) add(appended, `'${name}' gained arguments or results after the existing ones`, arch);
    if (oa.convention !== na.convention) add(conv, `'${name}' convention ${oa.convention} -> ${na.convention}`, arch);
    else if (!a && regs(oa, oa.args.map((x) => x.name)) !== regs(na, oa.args.map((x) => x.name))) add(conv, `'${name}' registers changed (selector, argument or result registers)`, arch);
    if (oa.trap !== na.trap) add(trap, `'${name}' trap ${oa.trap} -> ${na.trap}`, arch);
  }
  for (const arch of newArches.keys()) if (!oldArches.has(arch)) emit("arch-added", name, `'${name}' is now provided on ${arch}`, at);
  perArch(renum, (m) => emit("call-renumbered", name, m, at));
  perArch(args, (m) => emit("args-changed", name, m, at));
  perArch(appended, (m) => emit("args-added", name, m, at));
  perArch(conv, (m) => emit("convention-changed", name, m, at));
  perArch(trap, (m) => emit("trap-changed", name, m, at));
  perArch(layout, (m) => emit("layout-changed", name, m, at));
  if (!o.lifecycle.deprecated && n.lifecycle.deprecated) emit("call-deprecated", name, `'${name}' deprecated${n.lifecycle.deprecated.replacement ? ` (use ${n.lifecycle.deprecated.replacement})` : ""}`, at);
  if (!o.lifecycle.removed && n.lifecycle.removed) emit("call-retired", name, `'${name}' marked removed; its number stays reserved`, at);
  // Documentation of the arches both versions have; reported only when nothing else was.
  const docs = (c: Call) => JSON.stringify([c.doc, c.cite, c.errors, c.gates, c.callers, c.lifecycle.since, c.arches.filter((x) => oldArches.has(x.arch) && newArches.has(x.arch)).map((x) => [x.args.map((y) => [y.type, y.doc]), x.resultValues.map((y) => [y.type, y.doc])])]);
  if (!emitted && docs(o) !== docs(n)) emit("docs-changed", name, `'${name}' documentation changed`, at);
}

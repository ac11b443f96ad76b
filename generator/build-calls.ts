// Flattens groups into calls, applies group defaults and per-arch overrides, and computes for each
// call and arch: the identity fields, the exact selector register values, argument and result registers.
import type { Arg, ArchAbi, ArchName, Call, CallArch, Convention, Layout, Lifecycle, ResultReg } from "./model.js";
import type { Ctx } from "./context.js";
import { ARCHES, canonicalRegister } from "./arches.js";
import { didYouMeanUnique } from "./suggest.js";
import { keywordClash } from "./names.js";
import { bitWidth, isRaw, rawList, rawStr, rawStrList, readValue, typeWidth, type Raw } from "./spec-values.js";
import { locate, type PathKey } from "./load.js";

/** A call as written, with the group it came from and its path in the file. */
export interface RawCall { readonly raw: Raw; readonly group: Raw | null; readonly path: PathKey[] }

export function collectCalls(value: Raw): RawCall[] {
  const out: RawCall[] = [];
  rawList(value.groups).forEach((g, gi) => {
    rawList((g as Raw).calls).forEach((c, ci) => out.push({ raw: c as Raw, group: g as Raw, path: ["groups", gi, "calls", ci] }));
  });
  rawList(value.calls).forEach((c, ci) => out.push({ raw: c as Raw, group: null, path: ["calls", ci] }));
  return out;
}

const INHERITED = ["layout", "since", "convention", "trap", "arches", "callers", "deprecated", "removed", "gates", "cite"] as const;

export function checkIdent(ctx: Ctx, name: string, path: PathKey[], what: string): void {
  const clash = keywordClash(name);
  if (clash) ctx.err(path, "HC108", `${what} '${name}' is a reserved word in ${clash}`, `rename it (for example '${name}_')`);
}

function readArgs(ctx: Ctx, v: unknown, path: PathKey[], what: string): Arg[] {
  const seen = new Set<string>();
  return rawList(v).map((a, i) => {
    const r = a as Raw;
    const name = rawStr(r.name);
    checkIdent(ctx, name, [...path, i, "name"], what);
    if (seen.has(name)) ctx.err([...path, i, "name"], "HC111", `${what} '${name}' appears twice`, "give each one its own name");
    seen.add(name);
    return { name, type: rawStr(r.type, "u64") as Arg["type"], dir: (r.dir as Arg["dir"]) ?? null, register: typeof r.register === "string" ? r.register : null, doc: rawStr(r.doc) };
  });
}

function lifecycle(eff: Raw): Lifecycle {
  const dep = isRaw(eff.deprecated) ? eff.deprecated : null;
  const rem = isRaw(eff.removed) ? eff.removed : null;
  return {
    since: typeof eff.since === "string" ? eff.since : null,
    deprecated: dep ? { since: typeof dep.since === "string" ? dep.since : null, reason: rawStr(dep.reason), replacement: typeof dep.replacement === "string" ? dep.replacement : null } : null,
    removed: rem ? { since: typeof rem.since === "string" ? rem.since : null, reason: rawStr(rem.reason) } : null,
  };
}

/** Identity = group id + call id (map, or one integer for the single field the group left open). */
function identity(ctx: Ctx, rc: RawCall, callId: unknown, conv: Convention, arch: ArchName, idPath: PathKey[]): Record<string, bigint> | null {
  const needed = conv.select.flatMap((s) => s.parts.filter((p) => p.kind === "field").map((p) => (p as { field: string }).field));
  const id: Record<string, bigint> = {};
  const groupId = rc.group && isRaw(rc.group.id) ? rc.group.id : {};
  for (const [k, v] of Object.entries(groupId)) { const r = readValue(v); if (r) id[k] = r.value; }
  const scalar = readValue(callId);
  if (scalar && !(isRaw(callId) && !("ascii" in callId))) {
    const open = needed.filter((f) => !(f in id));
    if (open.length !== 1) {
      ctx.err(idPath, "HC113", `a single-number id needs exactly one open identity field on ${arch}, but ${open.length ? `${open.join(", ")} are` : "none is"} open`,
        `write id as a map, e.g. id: { ${needed.map((f) => `${f}: ...`).join(", ")} }`);
      return null;
    }
    id[open[0]!] = scalar.value;
  } else if (isRaw(callId)) {
    for (const [k, v] of Object.entries(callId)) { const r = readValue(v); if (r) id[k] = r.value; }
  }
  const missing = needed.filter((f) => !(f in id));
  if (missing.length) {
    ctx.err(idPath.length ? idPath : [...rc.path, "name"], "HC113", `call has no value for identity field${missing.length > 1 ? "s" : ""} ${missing.join(", ")} on ${arch}`,
      `add ${missing.map((f) => `${f}: ...`).join(", ")} to the call's or group's id`);
    return null;
  }
  for (const k of Object.keys(id)) {
    if (!needed.includes(k)) ctx.err(idPath, "HC112", `identity field '${k}' is not part of the '${conv.name}' convention on ${arch} (fields: ${needed.join(", ")})`, "remove it or use the convention that carries it");
  }
  return id;
}

export function buildCall(ctx: Ctx, rc: RawCall, arches: readonly ArchAbi[], errorNames: ReadonlySet<string>): Call {
  const raw = rc.raw;
  const name = rawStr(raw.name);
  checkIdent(ctx, name, [...rc.path, "name"], "call name");
  const base: Raw = {};
  for (const k of INHERITED) if (rc.group && rc.group[k] !== undefined) base[k] = rc.group[k];
  const eff: Raw = { ...base, ...raw };
  const archNames = new Set(arches.map((a) => a.arch));
  const callArches = eff.arches !== undefined ? rawStrList(eff.arches) : [...archNames];
  const archPath: PathKey[] = raw.arches !== undefined ? [...rc.path, "arches"] : rc.group?.arches !== undefined ? [...rc.path.slice(0, 2), "arches"] : [...rc.path, "name"];
  callArches.forEach((a, i) => { if (!archNames.has(a as ArchName)) ctx.err(raw.arches !== undefined ? [...rc.path, "arches", i] : archPath, "HC112", `call '${name}' names arch '${a}', which this spec does not define`, `add arches.${a} or remove it`); });
  const layout: Layout = eff.layout === "unknown" ? "unknown" : "known";
  if (layout === "unknown") {
    for (const k of ["args", "results"] as const) {
      if (rawList(raw[k]).length > 0) ctx.err([...rc.path, k], "HC150", `call '${name}' has \`layout: unknown\` but lists ${k}`, `drop \`layout: unknown\` if a source shows the ${k}, or drop the ${k}`);
    }
  }
  let args = readArgs(ctx, eff.args, [...rc.path, "args"], "argument");
  let results = readArgs(ctx, eff.results, [...rc.path, "results"], "result");
  rawStrList(eff.errors).forEach((e, i) => { if (!errorNames.has(e)) ctx.err([...rc.path, "errors", i], "HC112", `unknown error '${e}'`, "list it under errors.codes"); });
  const overrides = isRaw(raw.overrides) ? raw.overrides : {};
  for (const a of Object.keys(overrides)) if (!callArches.includes(a)) ctx.err([...rc.path, "overrides", a], "HC112", `override for arch '${a}', which the call does not provide`, "add it to the call's arches or remove the override", { key: true });
  const perArch: CallArch[] = [];
  for (const arch of arches) {
    if (!callArches.includes(arch.arch)) continue;
    const ov = isRaw(overrides[arch.arch]) ? overrides[arch.arch] as Raw : {};
    const e: Raw = { ...eff, ...ov };
    const ovPath = (k: string): PathKey[] => (ov[k] !== undefined ? [...rc.path, "overrides", arch.arch, k] : raw[k] !== undefined ? [...rc.path, k] : rc.group?.[k] !== undefined ? [...rc.path.slice(0, 2), k] : [...rc.path, "name"]);
    const convName = rawStr(e.convention, "default");
    const conv = arch.conventions.find((c) => c.name === convName);
    if (!conv) { ctx.err(ovPath("convention"), "HC112", `convention '${convName}' is not defined on ${arch.arch}`, `define arches.${arch.arch}.conventions.${convName}`); continue; }
    const trapName = e.trap !== undefined ? rawStr(e.trap) : arch.traps[0]?.name ?? "";
    if (!arch.traps.some((t) => t.name === trapName)) { ctx.err(ovPath("trap"), "HC112", `trap '${trapName}' is not defined on ${arch.arch}`, `traps on ${arch.arch}: ${arch.traps.map((t) => t.name).join(", ")}`); continue; }
    const raws = layout === "unknown" ? rawLayout(conv) : null;
    const archArgs = raws ? raws.args : ov.args !== undefined ? readArgs(ctx, ov.args, [...rc.path, "overrides", arch.arch, "args"], "argument") : args;
    const archResults = raws ? raws.results : ov.results !== undefined ? readArgs(ctx, ov.results, [...rc.path, "overrides", arch.arch, "results"], "result") : results;
    if (raws && perArch.length === 0) { args = raws.args; results = raws.results; }
    const id = identity(ctx, rc, e.id, conv, arch.arch, ov.id !== undefined ? [...rc.path, "overrides", arch.arch, "id"] : raw.id !== undefined ? [...rc.path, "id"] : rc.group?.id !== undefined ? [...rc.path.slice(0, 2), "id"] : []);
    if (!id) continue;
    const selector = computeSelector(ctx, conv, id, ovPath("id"), arch.arch);
    const argRegs = assignArgs(ctx, arch, conv, archArgs, ovPath("args"));
    const resultRegs = assignResults(ctx, arch, conv, archResults, ovPath("results"));
    perArch.push({ arch: arch.arch, convention: convName, trap: trapName, id, selector, argRegs, results: conv.results, resultRegs, args: archArgs, resultValues: archResults });
  }
  const at = locate(ctx.spec, [...rc.path, "name"]);
  return {
    name, group: rc.group ? rawStr(rc.group.name) : null, doc: rawStr(eff.doc), layout, args, results,
    errors: rawStrList(eff.errors), gates: rawStrList(eff.gates), callers: rawStrList(eff.callers),
    lifecycle: lifecycle(eff), cite: rawStrList(eff.cite), arches: perArch, at,
  };
}

const RAW_ARG_DOC = "raw argument register (layout unknown: no cited source shows what it carries)";
const RAW_RESULT_DOC = "raw result register (layout unknown: no cited source shows what it carries)";

/** A call of unknown layout passes every argument register and returns every non-status result register as a raw word. */
function rawLayout(conv: Convention): { args: Arg[]; results: Arg[] } {
  const raw = (register: string, doc: string): Arg => ({ name: register, type: "ulong", dir: null, register: null, doc });
  const outRegs = [...new Set(conv.results.filter((r) => !r.status).map((r) => r.register))];
  return { args: conv.args.map((r) => raw(r, RAW_ARG_DOC)), results: outRegs.map((r) => ({ ...raw(r, RAW_RESULT_DOC), register: r })) };
}

function computeSelector(ctx: Ctx, conv: Convention, id: Record<string, bigint>, idPath: PathKey[], arch: string): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const src of conv.select) {
    let v = 0n;
    for (const p of src.parts) {
      if (p.kind === "const") v |= p.value << BigInt(p.lo);
      else if (p.kind === "field") {
        const f = id[p.field]!;
        const w = bitWidth(p);
        if (f < 0n || f >= 1n << BigInt(w)) {
          ctx.err(idPath, "HC102", `${p.field} = 0x${f.toString(16)} is wider than its ${w}-bit selector field (${src.source} bits ${p.hi}:${p.lo}) on ${arch}`, `the largest ${p.field} is 0x${((1n << BigInt(w)) - 1n).toString(16)}`);
        }
        v |= (f & ((1n << BigInt(w)) - 1n)) << BigInt(p.lo);
      }
      // Argument-filled parts are zero here: the stub fills them from the call's argument of that name.
    }
    out[src.source] = v;
  }
  return out;
}

function assignArgs(ctx: Ctx, arch: ArchAbi, conv: Convention, args: readonly Arg[], path: PathKey[]): Record<string, readonly string[]> {
  const inSelector = new Set(conv.select.flatMap((s) => s.parts.flatMap((p) => (p.kind === "arg" ? [p.arg] : []))));
  const out: Record<string, readonly string[]> = {};
  let next = 0;
  let needed = 0;
  for (const a of args) {
    if (inSelector.has(a.name)) { out[a.name] = []; continue; }
    if (a.register !== null) { out[a.name] = [explicitRegister(ctx, arch, a.register, path)]; continue; }
    const n = typeWidth(a.type, arch.word) > arch.word ? 2 : 1;
    needed += n;
    const regs = conv.args.slice(next, next + n);
    next += n;
    // For a register pair, the first register holds the high half when pairOrder is high-first.
    out[a.name] = regs.length === n ? regs : [];
  }
  // One register, one value: a selector register or another argument cannot also carry this one.
  const owner = new Map<string, string>(conv.select.filter((x) => x.source !== "@operand").map((x) => [x.source, "the selector"]));
  for (const a of args) {
    for (const r of out[a.name] ?? []) {
      const prev = owner.get(r);
      if (prev) ctx.err(path, "HC120", `register ${r} would carry both ${prev} and argument '${a.name}' on ${arch.arch}`, "give the argument another register, or drop its explicit `register:`");
      else owner.set(r, `argument '${a.name}'`);
    }
  }
  if (needed > conv.args.length) {
    ctx.err(path, "HC103", `${needed} argument registers needed on ${arch.arch}, but the '${conv.name}' convention has ${conv.args.length} (${conv.args.join(", ") || "none"})`,
      "pass the rest in memory (an address argument), or use a convention with more argument registers");
  }
  return out;
}

function assignResults(ctx: Ctx, arch: ArchAbi, conv: Convention, results: readonly Arg[], path: PathKey[]): Record<string, ResultReg> {
  const valueRegs = conv.results.filter((r) => !r.status);
  const regs = valueRegs.length > 0 ? valueRegs : conv.results; // a single-register convention returns its value in the status register
  if (results.filter((r) => r.register === null).length > regs.length) {
    ctx.err(path, "HC103", `${results.length} results on ${arch.arch}, but the '${conv.name}' convention returns ${regs.length} value register${regs.length === 1 ? "" : "s"}`,
      "return the rest through memory, or describe them in the doc");
  }
  const out: Record<string, ResultReg> = {};
  let next = 0;
  for (const r of results) {
    if (r.register !== null) {
      // An explicit register: the value shares it with the status (PSCI_VERSION in x0) or names another.
      const reg = explicitRegister(ctx, arch, r.register, path);
      out[r.name] = conv.results.find((c) => c.register === reg) ?? { name: r.name, register: reg, status: false, bits: null };
      continue;
    }
    if (typeWidth(r.type, arch.word) > arch.word) {
      // Arguments wider than the word take a register pair; results do not (yet): say so rather than truncate.
      ctx.err(path, "HC119", `result '${r.name}' (${r.type}) is wider than a ${arch.word}-bit register on ${arch.arch}, and results are not returned in register pairs`,
        `use a word-sized type (ulong/long) or override the result for ${arch.arch}`);
    }
    if (regs[next]) out[r.name] = regs[next]!;
    next++;
  }
  return out;
}

function explicitRegister(ctx: Ctx, arch: ArchAbi, name: string, path: PathKey[]): string {
  const info = ARCHES.get(arch.arch)!;
  const reg = canonicalRegister(info, name);
  if (!reg) ctx.err(path, "HC104", `register '${name}' does not exist on ${arch.arch}${didYouMeanUnique(name, info.registers)}`, `${arch.arch} registers: ${info.registers.join(", ")}`);
  return reg ?? name;
}

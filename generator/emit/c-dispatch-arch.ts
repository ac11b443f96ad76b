// One arch of a C host dispatcher: the register file in the arch's names, the selector lookup per
// convention (nested switches on the masked selector sources, const bits checked first), the invoker
// (decode -> handler -> encode, or only the status on an error), the dispatcher with the runtime's
// answer rules (first convention whose call has a handler; else the ABI's not_supported answer,
// "reserved" when the selector is in a reserved range), and the privilege, magic and trap helpers
// the caller applies with its own mode. The order of decisions follows runtime/machine.ts step().
import type { Abi, ArchAbi, Call, CallArch, Convention } from "../model.js";
import { cArchFunction, cCallStruct, cHandlerMember, cMacro } from "../names.js";
import { masks, readArg, resultStatements, statusStatements } from "./c-dispatch-values.js";
import { cString, s64Literal, u64Literal } from "./c-text.js";
import { append } from "./lines.js";
import { mergedArgs, mergedResults } from "./ts-values.js";

export interface DispatchNames {
  readonly prefix: string;
  readonly sext: string;
  readonly handlers: string;
  readonly outcome: (o: string) => string;
  readonly callEnum: (call: Call) => string;
  readonly success: string;
  readonly add: (name: string, what: string) => string;
}

const MODE_BITS = { user: 1, kernel: 2, hypervisor: 4, firmware: 8 } as const;

export function regsStruct(prefix: string, arch: ArchAbi): string {
  return `${prefix}_${arch.arch}_regs`;
}

const hasOperand = (arch: ArchAbi): boolean => arch.conventions.some((c) => c.select.some((s) => s.source === "@operand"));

function regsBlock(n: DispatchNames, arch: ArchAbi, abi: Abi): string[] {
  const tag = n.add(regsStruct(n.prefix, arch), `register file of ${arch.arch}`);
  const t = arch.word === 64 ? "uint64_t" : "uint32_t";
  const bytes = arch.word / 8;
  const out = [`/* ${arch.arch}: the general-purpose registers in the arch's order (a trap frame that saves them`,
    ` * in this order at ${bytes}-byte steps can be passed as is)${hasOperand(arch) ? "; trap_operand: the trap instruction's operand bits" : ""}. */`,
    `struct ${tag} {`, ...arch.registers.map((r) => `  ${t} ${r};`)];
  if (hasOperand(arch)) out.push(`  uint64_t trap_operand; /* decoded by the caller, e.g. with ${cArchFunction(n.prefix, "trap_operand", arch.arch)} */`);
  out.push(`};`);
  const size = arch.registers.length * bytes + (hasOperand(arch) ? 8 : 0);
  out.push(`_Static_assert(sizeof(struct ${tag}) == ${size}, ${cString(`${tag}: one ${arch.word}-bit slot per register`)});`);
  const used = new Set<string>();
  for (const c of arch.conventions) { c.select.forEach((s) => s.source !== "@operand" && used.add(s.source)); c.args.forEach((a) => used.add(a)); c.results.forEach((r) => used.add(r.register)); }
  for (const m of abi.magic) if (m.register && arch.registers.includes(m.register)) used.add(m.register);
  for (const r of arch.registers.filter((x) => used.has(x))) {
    out.push(`_Static_assert(offsetof(struct ${tag}, ${r}) == ${arch.registers.indexOf(r) * bytes}, ${cString(`${tag}: ${r} is register ${arch.registers.indexOf(r)}`)});`);
  }
  return out;
}

type Entry = { call: Call; ca: CallArch };

/** Nested switches over the selector sources from `depth` on. */
function switches(n: DispatchNames, conv: Convention, entries: readonly Entry[], depth: number, indent: string): string[] {
  const src = conv.select[depth]!;
  const m = masks(src);
  const groups = new Map<bigint, Entry[]>();
  for (const e of entries) {
    const v = e.ca.selector[src.source];
    if (v === undefined) throw new Error(`c dispatch: ${e.call.name}: no selector value for ${src.source}`);
    const k = v & m.field;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [e]); else g.push(e);
  }
  const out = [`${indent}switch (s${depth} & ${u64Literal(m.field)}) {`];
  for (const [k, es] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (depth === conv.select.length - 1) {
      if (es.length > 1) throw new Error(`c dispatch: ${es.map((e) => e.call.name).join(", ")} have the same selector`);
      out.push(`${indent}case ${u64Literal(k)}: return ${n.callEnum(es[0]!.call)};`);
    } else {
      append(out, `${indent}case ${u64Literal(k)}:`, switches(n, conv, es, depth + 1, `${indent}  `), `${indent}  break;`);
    }
  }
  out.push(`${indent}default: break;`, `${indent}}`);
  return out;
}

function lookupFn(n: DispatchNames, arch: ArchAbi, conv: Convention, entries: readonly Entry[]): string[] {
  const fn = n.add(cArchFunction(n.prefix, `_lookup_${conv.name.toLowerCase()}`, arch.arch), `lookup of ${conv.name}`);
  const out = [`static inline int ${fn}(const struct ${regsStruct(n.prefix, arch)} *r)`, `{`];
  if (conv.select.length === 0 || entries.length === 0) return [...out, `  (void)r;`, `  return -1;`, `}`];
  conv.select.forEach((s, i) => out.push(`  const uint64_t s${i} = ${s.source === "@operand" ? "r->trap_operand" : `(uint64_t)r->${s.source}`};`));
  conv.select.forEach((s, i) => {
    const m = masks(s);
    if (m.constMask !== 0n) out.push(`  if ((s${i} & ${u64Literal(m.constMask)}) != ${u64Literal(m.constValue)}) return -1;`);
  });
  append(out, switches(n, conv, entries, 0, "  "), `  return -1;`, `}`);
  return out;
}

/** The call the selector names (first convention that knows it), regardless of handlers: probes, tracing. */
function callOfFn(n: DispatchNames, arch: ArchAbi): string[] {
  const fn = n.add(cArchFunction(n.prefix, "call_of", arch.arch), "selector lookup");
  const out = [`/* The call index the selector in r names, or -1 (probe/feature calls: is a function ID implemented?). */`,
    `static inline int ${fn}(const struct ${regsStruct(n.prefix, arch)} *r)`, `{`, `  int call;`];
  for (const c of arch.conventions) out.push(`  if ((call = ${cArchFunction(n.prefix, `_lookup_${c.name.toLowerCase()}`, arch.arch)}(r)) >= 0) return call;`);
  if (!arch.conventions.length) out.push(`  (void)r; (void)call;`);
  out.push(`  return -1;`, `}`);
  return out;
}

function invokeFn(n: DispatchNames, arch: ArchAbi, calls: readonly Entry[]): string[] {
  const fn = n.add(cArchFunction(n.prefix, "_invoke", arch.arch), "invoker");
  const out = [`/* Runs the call's handler (1), or returns 0 when the table has none. */`,
    `static inline int ${fn}(struct ${regsStruct(n.prefix, arch)} *r, const struct ${n.handlers} *h, void *ctx, int call)`, `{`];
  const used = calls.length > 0;
  if (used) out.push(`  int64_t s;`, `  switch (call) {`);
  for (const { call, ca } of calls) {
    const conv = arch.conventions.find((c) => c.name === ca.convention)!;
    const m = cHandlerMember(call.name);
    const params = ["ctx"];
    out.push(`  case ${n.callEnum(call)}: {`);
    const args = mergedArgs(call), results = mergedResults(call);
    if (args.length) {
      out.push(`    struct ${cCallStruct(n.prefix, call.name, "args")} a;`);
      for (const a of args) {
        const here = ca.args.find((x) => x.name === a.name);
        out.push(`    a.${a.name} = ${here ? readArg(arch, conv, ca, here, n.sext) : "0"};${here ? "" : ` /* not on ${arch.arch} */`}`);
      }
      params.push("&a");
    }
    if (results.length) {
      out.push(`    struct ${cCallStruct(n.prefix, call.name, "results")} res;`, ...results.map((x) => `    res.${x.name} = 0;`));
      params.push("&res");
    }
    out.push(`    if (h->${m} == NULL) return 0;`, `    s = h->${m}(${params.join(", ")});`);
    const ok = resultStatements(arch, conv, ca, n.sext);
    const err = statusStatements(arch, conv);
    out.push(`    if (s == ${n.success}) {`, ...(ok.length ? ok.map((l) => `      ${l}`) : [`      /* nothing to write back */`]), `    } else {`,
      ...(err.length ? err.map((l) => `      ${l}`) : [`      /* the convention has no register for a status */`]), `    }`, `    return 1;`, `  }`);
  }
  if (used) out.push(`  default: break;`, `  }`);
  else out.push(`  (void)r; (void)h; (void)ctx; (void)call;`);
  out.push(`  return 0;`, `}`);
  return out;
}

/** Field values of the first convention's selector; true when one is in a reserved range (cold path). */
function reservedExpr(abi: Abi, arch: ArchAbi): string[] | null {
  const ranges = abi.ranges.filter((r) => r.use === "reserved");
  const conv = arch.conventions[0];
  if (!ranges.length || !conv) return null;
  const parts = new Map<string, string[]>();
  conv.select.forEach((s) => {
    for (const p of s.parts) {
      if (p.kind !== "field") continue;
      const width = p.hi - p.lo + 1;
      const src = s.source === "@operand" ? "r->trap_operand" : `(uint64_t)r->${s.source}`;
      const bits = `((${src} >> ${p.lo}) & ${u64Literal((1n << BigInt(width)) - 1n)})`;
      const prev = parts.get(p.field);
      parts.set(p.field, prev ? [`((${prev.join("")}) << ${width}) | ${bits}`] : [bits]);
    }
  });
  const conds = ranges.flatMap((r) => {
    const f = parts.get(r.field);
    if (!f) return [];
    const w = abi.fields.find((x) => x.name === r.field)?.width ?? 64;
    const c: string[] = [];
    if (r.from > 0n) c.push(`f >= ${u64Literal(r.from)}`);
    if (r.to < (1n << BigInt(w)) - 1n) c.push(`f <= ${u64Literal(r.to)}`);
    return [{ field: r.field, value: f.join(""), cond: c.length ? c.join(" && ") : "1", name: r.name }];
  });
  if (!conds.length) return null;
  return conds.map((c) => `  { const uint64_t f = ${c.value}; if (${c.cond}) reserved = 1; } /* ${c.name} (${c.field}) */`);
}

function dispatchFn(n: DispatchNames, abi: Abi, arch: ArchAbi): string[] {
  const fn = n.add(cArchFunction(n.prefix, "dispatch", arch.arch), `dispatcher of ${arch.arch}`);
  const ns = abi.errors.roles.notSupported;
  const out = [`/*`, ` * ${fn}: decode the selector in r, run the handler from h (ctx is passed through) and write status and`,
    ` * results back into r by the convention. Privilege and magic are the caller's: see ${cArchFunction(n.prefix, "mode_allowed", arch.arch)}.`,
    ` */`,
    `static inline enum ${n.prefix}_outcome ${fn}(struct ${regsStruct(n.prefix, arch)} *r, const struct ${n.handlers} *h, void *ctx)`, `{`,
    `  int call, known = -1, known_conv = 0;`];
  arch.conventions.forEach((c, i) => {
    out.push(`  call = ${cArchFunction(n.prefix, `_lookup_${c.name.toLowerCase()}`, arch.arch)}(r);`,
      `  if (call >= 0) { if (${cArchFunction(n.prefix, "_invoke", arch.arch)}(r, h, ctx, call)) return ${n.outcome("HANDLED")}; if (known < 0) { known = call; known_conv = ${i}; } }`);
  });
  if (ns === null) {
    out.push(`  (void)known_conv; /* ${abi.id} names no not_supported error: the caller raises a fault */`, `  return ${n.outcome("FAULT")};`, `}`);
    return out;
  }
  const value = s64Literal(abi.errors.codes.find((e) => e.name === ns)!.register);
  const writeFor = (i: number, indent: string): string[] => {
    const st = statusStatements(arch, arch.conventions[i]!, "ns");
    return st.length ? st.map((l) => `${indent}${l}`) : [`${indent}/* no status register in ${arch.conventions[i]!.name} */`];
  };
  out.push(`  const int64_t ns = ${value}; /* ${ns} */`, `  if (known >= 0) {`, `    switch (known_conv) {`);
  arch.conventions.forEach((_, i) => out.push(`    case ${i}:`, ...writeFor(i, "      "), `      break;`));
  out.push(`    default: break;`, `    }`, `    return ${n.outcome("NO_HANDLER")};`, `  }`);
  const reserved = reservedExpr(abi, arch);
  append(out, writeFor(0, "  "));
  if (reserved) out.push(`  int reserved = 0;`, ...reserved, `  return reserved ? ${n.outcome("RESERVED")} : ${n.outcome("UNKNOWN_CALL")};`);
  else out.push(`  return ${n.outcome("UNKNOWN_CALL")};`);
  out.push(`}`);
  return out;
}

function privilegeFns(n: DispatchNames, abi: Abi, arch: ArchAbi): string[] {
  const allowed = arch.privilege.allowed.reduce((m, x) => m | MODE_BITS[x], 0);
  const ok = n.add(cArchFunction(n.prefix, "mode_allowed", arch.arch), "privilege check");
  const deny = n.add(cArchFunction(n.prefix, "deny", arch.arch), "privilege answer");
  const o = arch.privilege.otherwise;
  const out = [`/* Whether a caller in mode_bits (${cMacro(n.prefix, "MODE_KERNEL")}, ...) may call: allowed ${arch.privilege.allowed.join(", ")}. */`,
    `static inline int ${ok}(unsigned mode_bits) { return (mode_bits & 0x${allowed.toString(16)}u) != 0; }`,
    `/* What the spec says happens otherwise: ${o.kind === "error" ? `status ${o.error}` : o.kind === "fault" ? `fault (${o.fault})` : `reflect to ${o.to}`}. */`,
    `static inline enum ${n.prefix}_outcome ${deny}(struct ${regsStruct(n.prefix, arch)} *r)`, `{`];
  if (o.kind !== "error") return [...out, `  (void)r;`, `  return ${n.outcome(o.kind === "fault" ? "FAULT" : "REFLECT")};`, `}`];
  const code = abi.errors.codes.find((e) => e.name === o.error);
  out.push(`  const int64_t ns = ${s64Literal(code?.register ?? 0n)}; /* ${o.error} */`);
  // The status goes where the call's convention keeps it (the first convention when no call matches).
  arch.conventions.forEach((c, i) => {
    const st = statusStatements(arch, c, "ns");
    const cond = i === arch.conventions.length - 1 ? "1" : `${cArchFunction(n.prefix, `_lookup_${c.name.toLowerCase()}`, arch.arch)}(r) >= 0`;
    out.push(`  if (${cond}) { ${st.join(" ") || "(void)ns;"} return ${n.outcome("DENIED")}; }`);
  });
  if (arch.conventions.length === 0) out.push(`  (void)r; (void)ns;`);
  out.push(`  return ${n.outcome("DENIED")};`, `}`);
  return out;
}

function magicFns(n: DispatchNames, abi: Abi, arch: ArchAbi): string[] {
  const out: string[] = [];
  for (const t of arch.traps) {
    const checks = t.magic.flatMap((name) => {
      const m = abi.magic.find((x) => x.name === name);
      return m && m.register ? [`(uint64_t)r->${m.register} == ${u64Literal(m.value & ((1n << BigInt(arch.word)) - 1n))}`] : [];
    });
    if (!checks.length) continue;
    const fn = n.add(cArchFunction(n.prefix, `magic_ok_${t.name.toLowerCase()}`, arch.arch), `magic check of ${t.name}`);
    out.push(`/* ${t.name}: without ${t.magic.join(", ")} in place it is not a hypercall (reflect it to the guest kernel). */`,
      `static inline int ${fn}(const struct ${regsStruct(n.prefix, arch)} *r) { return ${checks.join(" && ")}; }`);
  }
  return out;
}

function operandFn(n: DispatchNames, arch: ArchAbi): string[] {
  const traps = arch.traps.filter((t) => t.operand && t.insn !== null && t.bytes.length === 4 && t.sequence.length === 0);
  if (!traps.length) return [];
  const fn = n.add(cArchFunction(n.prefix, "trap_operand", arch.arch), "trap decoder");
  const out = [`/* Whether insn (the 32-bit instruction word) is a trap of this ABI; if so *operand gets its operand bits. */`,
    `static inline int ${fn}(uint32_t insn, uint64_t *operand)`, `{`];
  for (const t of traps) {
    const width = BigInt(t.operand!.hi - t.operand!.lo + 1);
    const opMask = ((1n << width) - 1n) << BigInt(t.operand!.lo);
    const fixed = 0xffff_ffffn & ~opMask;
    out.push(`  if ((insn & ${u64Literal(fixed)}) == ${u64Literal(t.insn! & fixed)}) { *operand = (insn >> ${t.operand!.lo}) & ${u64Literal((1n << width) - 1n)}; return 1; } /* ${t.mnemonic} */`);
  }
  out.push(`  return 0;`, `}`);
  return out;
}

/**
 * One arch's part of the dispatch header as lists of lines, in order (their concatenation is the
 * block): the caller makes a piece of each, so the long ones (the invoker and the lookups, a few
 * lines per call) are not copied into one list first. Functions are made in the same order as
 * before, so the names they take (n.add) clash in the same order.
 */
export function dispatchArchBlock(n: DispatchNames, abi: Abi, arch: ArchAbi): string[][] {
  const entries = abi.calls.flatMap((c) => c.arches.filter((a) => a.arch === arch.arch).map((ca) => ({ call: c, ca })));
  const out: string[][] = [append([`/* ======== ${arch.arch} ======== */`], regsBlock(n, arch, abi), ``)];
  for (const conv of arch.conventions) out.push(append(lookupFn(n, arch, conv, entries.filter((e) => e.ca.convention === conv.name)), ``));
  out.push(append(callOfFn(n, arch), ``), append(invokeFn(n, arch, entries), ``));
  out.push(append(dispatchFn(n, abi, arch), ``, privilegeFns(n, abi, arch), ``));
  const extra = [...magicFns(n, abi, arch), ...operandFn(n, arch)];
  if (extra.length) out.push(append(extra, ``));
  return out;
}

// One inline-asm stub per call and arch. Every register the call touches is a local register
// variable; its constraint follows from what the convention says about it:
//   input only ("r")        - selector/argument register the convention preserves (preserves: all)
//   input and output ("+r") - selector/argument register that is also a result or a clobber
//   output ("=r")           - result register that carries no input
//   clobber string          - clobbered register that carries nothing, and non-GPR clobbers
// "memory" is always clobbered: arguments may be guest addresses the hypervisor reads or writes.
import { ARCHES } from "../arches.js";
import type { ArchAbi, ArgType, Call, CallArch, Convention, SelectorPart } from "../model.js";
import { cFunction, cRetStruct } from "../names.js";
import { asmRegister, regVar, specialClobbers, trapAsm, trapMnemonic } from "./c-arch.js";
import { blockComment, cString, inlineComment, maskLiteral, u64Literal } from "./c-text.js";
import type { TrapChoice } from "./c-traps.js";

export interface SelectorMacro {
  readonly source: string;        // register or "@operand"
  readonly macro: string | null;  // null for constant-only sources (no identity field)
  readonly value: bigint;         // ca.selector[source] (argument-filled bits zero)
  readonly parts: readonly SelectorPart[];
}

export interface StubContext {
  readonly prefix: string;
  readonly arch: ArchAbi;
  readonly traps: ReadonlyMap<string, TrapChoice>;
  readonly magicMacro: (name: string) => string;
  readonly magicRegister: (name: string) => string | null;
  readonly selectors: (call: Call, ca: CallArch) => readonly SelectorMacro[];
}

const C_TYPES: Readonly<Record<ArgType, string>> = {
  u8: "uint8_t", u16: "uint16_t", u32: "uint32_t", u64: "uint64_t",
  i8: "int8_t", i16: "int16_t", i32: "int32_t", i64: "int64_t",
  ulong: "unsigned long", long: "long", bool: "_Bool", gpa: "unsigned long", gva: "unsigned long", ptr: "unsigned long",
};

export function convention(arch: ArchAbi, name: string): Convention {
  const conv = arch.conventions.find((c) => c.name === name);
  if (!conv) throw new Error(`c emitter: convention '${name}' missing on ${arch.arch}`);
  return conv;
}

/** `struct P_ret { unsigned long <result>; ... };` for one convention (null when it returns nothing). */
export function retStruct(prefix: string, arch: ArchAbi, conv: Convention): string[] | null {
  if (conv.results.length === 0) return null;
  const tag = cRetStruct(prefix, conv.name);
  const members = conv.results.map((r) => {
    const where = r.bits ? `${r.register} bits ${r.bits.hi}:${r.bits.lo}` : r.register;
    return `  unsigned long ${r.name}; /* ${where}${r.status ? ", status" : ""} */`;
  });
  return [
    `struct ${tag} {`, ...members, `};`,
    `_Static_assert(sizeof(struct ${tag}) == ${conv.results.length} * sizeof(unsigned long), ${cString(`${tag}: one word per result register`)});`,
  ];
}

function sorted(arch: ArchAbi, regs: Iterable<string>): string[] {
  const idx = (r: string): number => arch.registers.indexOf(r);
  return [...new Set(regs)].sort((a, b) => idx(a) - idx(b) || (a < b ? -1 : a > b ? 1 : 0));
}


/**
 * What the stub puts in each register before the trap: register -> C expressions OR-ed together
 * (selector macro or value, argument-filled selector bits, arguments, register pairs), plus the
 * arguments it uses and the trap operand. Exported so tests can run the stub's own encoding on a host.
 */
export function stubInputs(ctx: StubContext, call: Call, ca: CallArch): { inputs: Map<string, string[]>; used: Set<string>; operand: bigint } {
  const { arch } = ctx;
  const inputs = new Map<string, string[]>();
  const selectors = ctx.selectors(call, ca);
  const used = new Set<string>();
  let operand = 0n;
  for (const s of selectors) {
    if (s.source === "@operand") { operand = s.value; continue; }
    const pieces = [s.macro ?? u64Literal(s.value)];
    for (const p of s.parts) {
      if (p.kind !== "arg" || !ca.args.some((a) => a.name === p.arg)) continue; // absent argument: bits stay 0
      used.add(p.arg);
      pieces.push(`(unsigned long)(((uint64_t)(${p.arg}) & ${maskLiteral(p.hi - p.lo + 1)}) << ${p.lo})`);
    }
    inputs.set(s.source, pieces);
  }
  const operandArg = selectors.find((s) => s.source === "@operand")?.parts.find((p) => p.kind === "arg");
  if (operandArg) throw new Error(`c emitter: ${call.name} on ${arch.arch}: an argument in trap operand bits cannot be encoded`);
  const addIn = (reg: string, e: string): void => {
    if (inputs.has(reg)) throw new Error(`c emitter: ${call.name} on ${arch.arch}: register ${reg} carries two values`);
    inputs.set(reg, [e]);
  };
  for (const arg of ca.args) {
    const regs = ca.argRegs[arg.name] ?? [];
    if (regs.length > 0) used.add(arg.name);
    if (regs.length === 1) addIn(regs[0]!, `(unsigned long)(${arg.name})`);
    else if (regs.length === 2) {
      // argRegs is in the arch's pair order: high-first puts the upper 32 bits in the first register.
      const [hi, lo] = arch.pairOrder === "high-first" ? [regs[0]!, regs[1]!] : [regs[1]!, regs[0]!];
      addIn(hi, `(unsigned long)((uint64_t)(${arg.name}) >> 32)`);
      addIn(lo, `(unsigned long)(uint32_t)(${arg.name})`);
    } else if (regs.length > 2) throw new Error(`c emitter: ${call.name}: ${arg.name} needs ${regs.length} registers`);
  }
  return { inputs, used, operand };
}

/** The stub's result struct initializers: `.name = expr` over the register variables (regVar). */
export function stubReads(arch: ArchAbi, conv: Convention): string[] {
  return conv.results.map((r) => {
    let e = regVar(r.register);
    if (r.bits) {
      const width = r.bits.hi - r.bits.lo + 1;
      if (r.bits.lo > 0) e = `(${e} >> ${r.bits.lo})`;
      if (width < arch.word) e = `(unsigned long)(${e} & ${maskLiteral(width)})`;
    }
    return `.${r.name} = ${e}`;
  });
}

/** The stub function for `call` on this arch. */
export function emitStub(ctx: StubContext, call: Call, ca: CallArch): string[] {
  const { arch, prefix } = ctx;
  const conv = convention(arch, ca.convention);
  const choice = ctx.traps.get(ca.trap);
  if (!choice) throw new Error(`c emitter: trap '${ca.trap}' missing on ${arch.arch}`);
  const selectors = ctx.selectors(call, ca);
  const { inputs, used, operand } = stubInputs(ctx, call, ca);
  // Magic values a trap expects preloaded (a sequence loads its own, so it only clobbers them).
  const clobberRegs = new Set<string>();
  const specials: string[] = [];
  for (const c of conv.clobbers) {
    if (arch.registers.includes(c)) clobberRegs.add(c);
    else specials.push(...specialClobbers(arch.arch, c));
  }
  if (conv.preserves !== "all") {
    // Only the listed registers survive the call: every other one the compiler may use is clobbered.
    const reserved = ARCHES.get(arch.arch)!.asmReserved;
    for (const r of arch.registers) if (!conv.preserves.includes(r) && !reserved.includes(r)) clobberRegs.add(r);
  }
  for (const alt of choice.alternatives) {
    for (const m of alt.magic) {
      const reg = ctx.magicRegister(m);
      if (!reg) continue;
      if (alt.sequence.length > 0) clobberRegs.add(reg);
      else if (!inputs.has(reg)) inputs.set(reg, [ctx.magicMacro(m)]);
    }
  }
  const outputs = new Set(conv.results.map((r) => r.register));
  const all = sorted(arch, [...inputs.keys(), ...outputs, ...clobberRegs]);
  const decls: string[] = [];
  const outOps: string[] = [];
  const inOps: string[] = [];
  const clobbers: string[] = [];
  for (const reg of all) {
    const v = regVar(reg);
    const init = inputs.get(reg);
    const changes = outputs.has(reg) || clobberRegs.has(reg);
    if (!init && !outputs.has(reg)) { clobbers.push(asmRegister(arch.arch, reg)); continue; }
    decls.push(`  register unsigned long ${v} __asm__(${cString(asmRegister(arch.arch, reg))})${init ? ` = ${init.join(" | ")}` : ""};`);
    if (init && changes) outOps.push(`"+r"(${v})`);
    else if (init) inOps.push(`"r"(${v})`);
    else outOps.push(`"=r"(${v})`);
  }
  clobbers.push(...specials.filter((s) => s !== "memory"), "memory");
  const unused = ca.args.filter((a) => !used.has(a.name)).map((a) => `  (void)${a.name};`);
  const params = ca.args.length === 0 ? "void" : ca.args.map((a) => `${C_TYPES[a.type]} ${a.name}`).join(", ");
  const tag = conv.results.length > 0 ? `struct ${cRetStruct(prefix, conv.name)}` : "void";
  const fn = cFunction(prefix, call.name);
  const trapText = choice.macro ?? cString(trapAsm(arch.arch, choice.trap, operand).join("\n\t"));
  const trapNote = choice.macro ? "" : ` ${inlineComment(trapMnemonic(choice.trap, operand))}`;
  const ret = stubReads(arch, conv);
  return [
    ...blockComment(stubDoc(call, ca, conv, selectors)),
    `static inline ${tag} ${fn}(${params})`,
    `{`,
    ...unused,
    ...decls,
    `  __asm__ __volatile__(${trapText}${trapNote}`,
    `                       :${outOps.length ? ` ${outOps.join(", ")}` : ""}`,
    `                       :${inOps.length ? ` ${inOps.join(", ")}` : ""}`,
    `                       : ${clobbers.map((c) => cString(c)).join(", ")});`,
    ...(tag === "void" ? [] : [`  ${tag} _hc_ret = { ${ret.join(", ")} };`, `  return _hc_ret;`]),
    `}`,
  ];
}

function stubDoc(call: Call, ca: CallArch, conv: Convention, selectors: readonly SelectorMacro[]): string {
  const lines: string[] = [`${call.name}${call.doc ? `: ${call.doc}` : ""}`];
  const sel = selectors.map((s) => `${s.source} = 0x${s.value.toString(16)}`).join(", ");
  lines.push(`selector ${sel}; convention ${conv.name}; trap ${ca.trap}`);
  if (call.layout === "unknown") {
    lines.push(`layout unknown (no cited source shows the register use): each parameter is the raw argument register it is named after; the returned struct holds every result register`);
  }
  for (const a of call.layout === "unknown" ? [] : ca.args) {
    const regs = ca.argRegs[a.name] ?? [];
    lines.push(`${a.name} (${a.type}${a.dir ? `, ${a.dir}` : ""}) -> ${regs.length ? regs.join(":") : "selector bits"}${a.doc ? `: ${a.doc}` : ""}`);
  }
  for (const r of call.layout === "unknown" ? [] : ca.resultValues) {
    const reg = ca.resultRegs[r.name];
    lines.push(`returns ${r.name} (${r.type}) in .${reg ? reg.name : "?"}${r.doc ? `: ${r.doc}` : ""}`);
  }
  if (call.errors.length) lines.push(`errors: ${call.errors.join(", ")}`);
  const lc = call.lifecycle;
  if (lc.since) lines.push(`since ${lc.since}`);
  if (lc.deprecated) lines.push(`deprecated${lc.deprecated.since ? ` since ${lc.deprecated.since}` : ""}: ${lc.deprecated.reason}${lc.deprecated.replacement ? ` (use ${lc.deprecated.replacement})` : ""}`);
  if (lc.removed) lines.push(`REMOVED${lc.removed.since ? ` in ${lc.removed.since}` : ""}: ${lc.removed.reason} (kept to test that hosts reject it)`);
  return lines.join("\n");
}

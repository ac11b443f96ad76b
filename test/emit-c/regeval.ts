// A tiny evaluator for the constant-loading idioms compilers emit before a trap (mov/movk, lui/addi,
// lis/ori, movl/movabsq, lghi, lui/ori ...), per ISA. It tracks which value each register holds at the
// trap; an instruction that writes a register in a way it does not understand makes that register
// unknown, so an unexpected sequence fails the check instead of passing it.
import { ARCHES } from "../../generator/arches.js";
import type { ArchName } from "../../generator/model.js";
import type { Insn } from "./toolchain.js";

export type Regs = Map<string, bigint | null>;

const num = (s: string): bigint => {
  const t = s.replace(/^[#$]/, "").trim();
  const neg = t.startsWith("-");
  const body = neg ? t.slice(1) : t;
  const v = BigInt(body);
  return neg ? -v : v;
};
const sext = (v: bigint, bits: number): bigint => BigInt.asIntN(bits, v);

function regName(arch: ArchName, r: string): string {
  const s = r.trim().replace(/^%/, "");
  if (arch === "aarch64") return s.replace(/^w(\d+)$/, "x$1").replace(/^wzr$/, "xzr");
  if (arch.startsWith("ppc")) return /^\d+$/.test(s) ? `r${s}` : s;
  if (arch.startsWith("mips")) {
    const m = /^\$(\d+)$/.exec(s);
    if (m) return ARCHES.get(arch)!.registers[Number(m[1])]!;
    return s.replace(/^\$/, "");
  }
  if (arch === "x86_64") {
    const m = /^e(ax|bx|cx|dx|si|di|bp|sp)$/.exec(s);
    if (m) return `r${m[1]}`;
    return s.replace(/^(r\d+)d$/, "$1");
  }
  return s;
}

/** Register values at instruction index `end` (exclusive), word-masked. */
export function evaluate(arch: ArchName, insns: readonly Insn[], end: number): Regs {
  const word = ARCHES.get(arch)!.word;
  const regs: Regs = new Map();
  const zero = new Set(["zero", "xzr", "wzr"]);
  const get = (r: string): bigint | null => (zero.has(r) ? 0n : regs.get(r) ?? null);
  const set = (r: string, v: bigint | null): void => { regs.set(r, v === null ? null : BigInt.asUintN(word, v)); };
  for (const insn of insns.slice(0, end)) {
    const comment = arch === "x86_64" || arch === "i386" ? /#.*$/ : arch === "arm" ? /@.*$/ : /\/\/.*$/;
    const text = insn.text.replace(/<[^>]*>/g, "").replace(comment, "").trim();
    const sp = text.indexOf(" ");
    const op = sp < 0 ? text : text.slice(0, sp);
    const args = sp < 0 ? [] : text.slice(sp + 1).split(",").map((a) => a.trim());
    const x86 = arch === "x86_64" || arch === "i386";
    const dest = args.length === 0 ? null : regName(arch, x86 ? args[args.length - 1]! : args[0]!);
    const R = (i: number): bigint | null => get(regName(arch, args[i]!));
    let v: bigint | null | undefined;
    const a = arch.startsWith("riscv") ? "riscv" : arch.startsWith("ppc") ? "ppc" : arch.startsWith("mips") ? "mips" : arch;
    if (a === "aarch64") {
      const w = args[0]?.startsWith("w");
      if ((op === "mov" || op === "movz") && args[1]?.startsWith("#")) v = num(args[1]) & (w ? 0xffffffffn : (1n << 64n) - 1n);
      else if (op === "mov") v = R(1);
      else if (op === "movk") { const sh = args[2] ? num(args[2].replace(/^lsl\s*/, "")) : 0n; const old = get(dest!); v = old === null ? null : (old & ~(0xffffn << sh)) | (num(args[1]!) << sh); }
    } else if (a === "arm") {
      if (op === "movw" || op === "mov") v = args[1]?.startsWith("#") ? num(args[1]) : R(1);
      else if (op === "movt") { const old = get(dest!); v = old === null ? null : (old & 0xffffn) | (num(args[1]!) << 16n); }
      else if (op === "mvn" && args[1]?.startsWith("#")) v = ~num(args[1]);
    } else if (a === "riscv") {
      if (op === "li") v = num(args[1]!);
      else if (op === "lui") v = sext(num(args[1]!) << 12n, 32);
      else if (op === "mv") v = R(1);
      else if (op === "addi" || op === "addiw") { const b = R(1); v = b === null ? null : op === "addiw" ? sext(b + num(args[2]!), 32) : b + num(args[2]!); }
      else if (op === "slli") { const b = R(1); v = b === null ? null : b << num(args[2]!); }
    } else if (a === "ppc") {
      if (op === "li") v = num(args[1]!);
      else if (op === "lis") v = sext(num(args[1]!) << 16n, 32);
      else if (op === "mr") v = R(1);
      else if (op === "ori" || op === "oris") { const b = R(1); v = b === null ? null : b | (num(args[2]!) << (op === "oris" ? 16n : 0n)); }
      else if (op === "sldi") { const b = R(1); v = b === null ? null : b << num(args[2]!); }
    } else if (x86) {
      const src = args[0] ?? "";
      if (op === "xorl" && args[0] === args[1]) v = 0n;
      else if ((op === "movl" || op === "movq" || op === "movabsq") && src.startsWith("$")) v = op === "movq" ? sext(num(src), 32) : num(src) & (op === "movl" ? 0xffffffffn : (1n << 64n) - 1n);
      else if ((op === "movl" || op === "movq") && src.startsWith("%")) v = get(regName(arch, src));
    } else if (a === "s390x") {
      if (op === "lghi" || op === "lgfi" || op === "lhi") v = num(args[1]!);
      else if (op === "llilf" || op === "llill") v = num(args[1]!) & 0xffffffffn;
      else if (op === "lgr") v = R(1);
      else if (op === "iihf") { const old = get(dest!); v = old === null ? null : (old & 0xffffffffn) | ((num(args[1]!) & 0xffffffffn) << 32n); }
      else if (op === "iilf") { const old = get(dest!); v = old === null ? null : (old & ~0xffffffffn) | (num(args[1]!) & 0xffffffffn); }
    } else if (a === "mips") {
      if ((op === "addiu" || op === "daddiu") && args.length === 3) { const b = R(1); v = b === null ? null : sext(b + num(args[2]!), op === "addiu" ? 32 : 64); }
      else if (op === "lui") v = sext(num(args[1]!) << 16n, 32);
      else if (op === "ori" && args.length === 3) { const b = R(1); v = b === null ? null : b | num(args[2]!); }
      else if (op === "move") v = R(1);
      else if (op === "dsll") { const b = R(1); v = b === null ? null : b << num(args[2]!); }
    }
    if (v !== undefined && dest) set(dest, v);
    else if (dest && regs.has(dest)) set(dest, null); // written in a way we cannot follow
    else if (dest) regs.set(dest, null);
  }
  return regs;
}

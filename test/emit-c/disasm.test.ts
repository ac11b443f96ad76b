// Disassembly checks: a one-call TU per sample, compiled -O2 for the arch, must contain the trap's
// bytes (the build option's choice of instruction included) and, at the trap, hold the model's
// selector value in every selector register (argument-filled bits included) and each argument in
// its register (pair halves on 32-bit arches). This proves the stubs load what the spec says,
// independent of how the header spells it.
import { describe, expect, it } from "vitest";
import { cEmitter } from "../../generator/emit/c.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { ARCHES, insnBytes } from "../../generator/arches.js";
import type { Abi, ArchName, CallArch } from "../../generator/model.js";
import { loadAll } from "./model.js";
import { evaluate } from "./regeval.js";
import { clangSupports, compile, disassemble, missing, REQUIRE, writeHeader } from "./toolchain.js";
import { callExpr, resultMembers } from "./tu.js";

interface Sample {
  abi: string; arch: ArchName; call: string; args?: bigint[]; defines?: string[];
  trap?: string;                         // trap the build option selects (default: the call's)
  literal?: Record<string, bigint>;      // values checked against constants, not only the model
}

const SAMPLES: Sample[] = [
  { abi: "arm-smccc", arch: "aarch64", call: "PSCI_0_2_FN_SYSTEM_OFF", literal: { x0: 0x84000008n } },
  { abi: "arm-smccc", arch: "aarch64", call: "PSCI_0_2_FN_SYSTEM_OFF", defines: ["hc_arm_smccc_CONDUIT_SMC"], trap: "smc", literal: { x0: 0x84000008n } },
  { abi: "arm-smccc", arch: "arm", call: "PSCI_0_2_FN_SYSTEM_OFF", literal: { r0: 0x84000008n } },
  { abi: "riscv-sbi", arch: "riscv64", call: "sbi_get_spec_version", literal: { a7: 0x10n, a6: 0n } },
  { abi: "riscv-sbi", arch: "riscv32", call: "sbi_get_spec_version", literal: { a7: 0x10n, a6: 0n } },
  { abi: "riscv-sbi", arch: "riscv32", call: "sbi_set_timer", args: [0x0123456789abcdefn], literal: { a0: 0x89abcdefn, a1: 0x01234567n } },
  { abi: "papr", arch: "ppc64", call: "H_PUT_TERM_CHAR", args: [0n, 3n, 0x41424300n, 0n], literal: { r3: 0x58n } },
  { abi: "papr", arch: "ppc64le", call: "H_PUT_TERM_CHAR", args: [0n, 3n, 0x41424300n, 0n], literal: { r3: 0x58n } },
  { abi: "kvm-ppc", arch: "ppc", call: "KVM_HC_FEATURES" },
  { abi: "kvm-ppc", arch: "ppc64", call: "KVM_HC_FEATURES", defines: ["hc_kvm_ppc_USE_TRAP_KVM_PR"], trap: "kvm_pr" },
  { abi: "kvm-x86", arch: "x86_64", call: "KVM_HC_KICK_CPU", args: [0n, 7n], literal: { rax: 5n } },
  { abi: "kvm-x86", arch: "x86_64", call: "KVM_HC_KICK_CPU", args: [0n, 7n], defines: ["HC_X86_AMD"], trap: "vmmcall" },
  { abi: "kvm-x86", arch: "i386", call: "KVM_HC_KICK_CPU", args: [0n, 7n], literal: { eax: 5n } },
  { abi: "hyperv", arch: "x86_64", call: "HVCALL_SEND_IPI_EX", args: [0x1000n, 0n, 3n] },
  { abi: "hyperv", arch: "x86_64", call: "HVCALL_SEND_IPI", args: [0x20n, 1n] },
  { abi: "xen", arch: "aarch64", call: "console_io", args: [0n, 4n, 0x1000n] },
  { abi: "xen", arch: "i386", call: "console_io", args: [0n, 4n, 0x1000n] },
  { abi: "s390-diag", arch: "s390x", call: "DIAG500_VIRTIO_RESET" },
  { abi: "s390-diag", arch: "s390x", call: "DIAG9C_TIME_SLICE_YIELD", args: [2n] },
  { abi: "mips-kvm", arch: "mips", call: "KVM_HC_MIPS_EXIT_VM" },
  { abi: "mips-kvm", arch: "mips64el", call: "KVM_HC_MIPS_CONSOLE_OUTPUT", args: [0n, 0x1000n, 5n] },
  { abi: "demo", arch: "x86_64", call: "demo_big_constant", literal: { rax: 0xfffffffe8000ffffn } },
  { abi: "demo", arch: "riscv32", call: "demo_echo", args: [0x1122334455667788n], literal: { a0: 0x55667788n, a1: 0x11223344n } },
  { abi: "demo", arch: "ppc64", call: "demo_version", defines: ["hc_demo_USE_TRAP_MAGIC_SC"], trap: "magic_sc" },
];

/** Register -> value the model says must be there at the trap. */
function expected(abi: Abi, ca: CallArch, args: readonly bigint[]): Map<string, bigint> {
  const arch = abi.arches.find((a) => a.arch === ca.arch)!;
  const conv = arch.conventions.find((c) => c.name === ca.convention)!;
  const word = BigInt(arch.word);
  const byName = new Map(ca.args.map((a, i) => [a.name, args[i] ?? 0n]));
  const out = new Map<string, bigint>();
  for (const s of conv.select) {
    if (s.source === "@operand") continue;
    let v = ca.selector[s.source]!;
    for (const p of s.parts) if (p.kind === "arg" && byName.has(p.arg)) v |= (byName.get(p.arg)! & ((1n << BigInt(p.hi - p.lo + 1)) - 1n)) << BigInt(p.lo);
    out.set(s.source, v);
  }
  for (const a of ca.args) {
    const regs = ca.argRegs[a.name] ?? [];
    const v = BigInt.asUintN(64, byName.get(a.name)!);
    if (regs.length === 1) out.set(regs[0]!, BigInt.asUintN(Number(word), v));
    if (regs.length === 2) {
      const [hi, lo] = arch.pairOrder === "high-first" ? regs : [regs[1]!, regs[0]!];
      out.set(hi!, v >> 32n); out.set(lo!, v & 0xffffffffn);
    }
  }
  return out;
}

const model = loadAll();
const files = new Map(cEmitter.emit(model, DEFAULT_EMIT_OPTIONS).map((f) => [f.path, f]));
const hex = (b: ArrayLike<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

describe.skipIf(missing !== null && !REQUIRE)("disassembly of generated stubs", () => {
  for (const [i, s] of SAMPLES.entries()) {
    const abi = model.abis.find((a) => a.id === s.abi);
    const call = abi?.calls.find((c) => c.name === s.call);
    const title = `${s.abi} ${s.arch} ${s.call}${s.defines ? ` with ${s.defines.join(" ")}` : ""}`;
    it.skipIf(!clangSupports(s.arch))(title, () => {
      expect(call, `${s.abi}.${s.call} is in the model`).toBeDefined();
      const ca = call!.arches.find((a) => a.arch === s.arch)!;
      const archAbi = abi!.arches.find((a) => a.arch === s.arch)!;
      const header = writeHeader(`d/${s.abi}.h`, files.get(`c/${s.abi.replace(/-/g, "_")}.h`)!.content);
      const args = s.args ?? [];
      const members = resultMembers(abi!, call!, s.arch);
      const e = callExpr(abi!, call!, s.arch, (n) => `0x${(args[n] ?? 0n).toString(16)}ULL`);
      const body = members.length ? `hc_sink = ${e}.${members[0]};` : `${e};`;
      const r = compile(`probe-${i}`, `#include "${header}"\nvolatile unsigned long hc_sink;\nvoid probe(void) { ${body} }\n`, s.arch, { defines: s.defines ?? [] });
      expect(r.stderr).toBe("");
      const insns = disassemble(r.object, s.arch);
      const listing = insns.map((x) => `${hex(x.bytes).padEnd(18)} ${x.text}`).join("\n");
      const trap = archAbi.traps.find((t) => t.name === (s.trap ?? ca.trap))!;
      const operand = ca.selector["@operand"] ?? 0n;
      const want = trap.sequence.length > 0 ? trap.sequence.map((q) => hex(q.bytes))
        : [hex(trap.operand ? insnBytes(ARCHES.get(s.arch)!, trap.insn! | (operand << BigInt(trap.operand.lo))) : trap.bytes)];
      const at = insns.findIndex((_, k) => want.every((w, j) => insns[k + j] && hex(insns[k + j]!.bytes) === w));
      expect(at, `trap ${want.join(" | ")} in:\n${listing}`).toBeGreaterThanOrEqual(0);
      // Other traps of the arch must not be there (the build option replaced, not added).
      for (const other of archAbi.traps.filter((t) => t !== trap && t.sequence.length === 0 && !t.operand)) {
        if (want.includes(hex(other.bytes))) continue;
        expect(insns.some((x) => hex(x.bytes) === hex(other.bytes)), `${other.name} must not appear:\n${listing}`).toBe(false);
      }
      const regs = evaluate(s.arch, insns, at);
      const exp = expected(abi!, ca, args);
      for (const [reg, v] of Object.entries(s.literal ?? {})) expect(exp.get(reg), `model value of ${reg}`).toBe(v);
      for (const [reg, v] of exp) expect(regs.get(reg), `${reg} at the trap:\n${listing}`).toBe(v);
    });
  }
});

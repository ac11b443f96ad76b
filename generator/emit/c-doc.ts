// The comment at the top of every C header: what the ABI is and the C API contract that
// conformance guests are written against. Keep it in step with c.ts/c-call.ts/c-traps.ts.
import type { Abi } from "../model.js";
import { cFunction, cMacro, cPrefix, cRetStruct } from "../names.js";
import { blockComment } from "./c-text.js";

export function apiComment(abi: Abi): string[] {
  const p = cPrefix(abi.id);
  const first = abi.calls[0];
  const fn = first ? cFunction(p, first.name) : `${p}_<call>`;
  const id = first ? cMacro(p, first.name, "ID") : `${p}_<CALL>_ID`;
  const conduit = abi.arches.some((a) => a.traps.some((t) => t.conduit));
  const vendor = abi.arches.some((a) => a.traps.some((t) => t.vendor));
  const alternatives = abi.arches.some((a) => a.traps.filter((t) => !t.conduit && !t.vendor && !t.operand).length > 1);
  const text = [
    `${p}: C guest stubs for ${abi.title} ${abi.version} (spec ${abi.file}, ABI id ${abi.id}).`,
    `Arches: ${abi.arches.map((a) => a.arch).join(", ")}. Freestanding: needs only <stdint.h>.`,
    `Compare a status with (long)r.<status> == P_<ERROR> (works on 32- and 64-bit arches).`,
    ``,
    `C API (P = ${p}; CALL, ERROR, MAGIC are the spec's names, upper-cased; call is lower-cased):`,
    `  P_<CALL>_ID          value of the call's first selector that carries identity fields (a register,`,
    `                       or the trap operand), e.g. ${id}; any further selector register`,
    `                       is P_<CALL>_ID_<FIELD>. Defined per arch block where the value differs.`,
    `  P_<ERROR>            status value as the register holds it, a signed long long literal`,
    `  P_<MAGIC>            magic value, unsigned long long`,
    `  struct P_ret         (${cRetStruct(p, "default")}) one unsigned long (the arch word) per result`,
    `                       register of the convention, named by the result; a result read from`,
    `                       bits hi:lo holds just those bits. Other conventions: struct P_<conv>_ret.`,
    `  P_<call>(...)        one static inline stub per call, e.g. ${fn}();`,
    `                       arguments in spec order (u64 -> uint64_t, ulong/gpa/gva/ptr -> unsigned`,
    `                       long, bool -> _Bool; a 64-bit argument takes a register pair on 32-bit`,
    `                       arches). Returns its convention's struct, or void if it has no results.`,
    `  P_ARCH               spec arch name of the current target (undefined: no stubs for it)`,
  ];
  if (vendor) text.push(`Build option: x86 stubs issue vmcall (Intel); define HC_X86_AMD to issue vmmcall (AMD).`);
  if (conduit) {
    text.push(`Build option: the Arm conduit. Default: the spec's first trap. Define ${cMacro(p, "CONDUIT_SMC")} (guest at EL2,`,
      `firmware at EL3) or ${cMacro(p, "CONDUIT_HVC")} (guest at EL1 under a hypervisor) to choose; the wrong`,
      `one hangs a real guest. ${cMacro(p, "CONDUIT")} names the conduit compiled in ("hvc" or "smc").`);
  }
  if (alternatives) text.push(`Build option: define P_USE_TRAP_<TRAP> (e.g. ${p}_USE_TRAP_<NAME>, names in the arch blocks) to issue that trap instead of the spec's.`);
  text.push(
    `Every stub clobbers "memory" and every register the convention says may change; selector and`,
    `argument registers the convention preserves are inputs only. Traps are raw encodings (.byte/.4byte/`,
    `.inst) of the spec's instruction bytes, with the mnemonic beside them.`,
  );
  if (abi.arches.some((a) => a.traps.some((t) => t.via === "page"))) {
    text.push(`Hypercall-page ABIs: the stubs issue the instruction the page holds directly; the guest must still`,
      `set up the hypercall page (or equivalent MSR) as the ABI requires before the first call.`);
  }
  return [...blockComment(text.join("\n")), ""];
}

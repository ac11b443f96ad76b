// The baselines the generated dispatch is compared with: hypercall dispatchers as one would write them
// by hand for an emulator. The "fast" ones (the headline baseline) are written as a careful engineer
// would: the trap word read once, the privilege mode as a bit, the selector read as 32-bit halves from
// the Uint32Array view of the register file (vcpu.regs32) and a numeric switch, no BigInt compares, small
// arguments from the low halves. The older ones below them (the second row) switch on BigInt registers.
// All of them work over the same register file (BigUint64Array, exact to 64 bits) and the same
// guest memory. Each one checks that the instruction at pc is the trap, checks the privilege mode, reads
// the selector register(s), switches on the number, decodes the arguments exactly as the generated
// tables do (same narrowing), calls the same typed handler, writes the status/results back and
// advances pc. Unknown numbers answer the ABI's "not supported" error. Only the calls the benchmark
// uses are written out; a real hand-written dispatcher would have one case per call.
// Slots are little-endian halves: register n is regs32[2n] (low) and regs32[2n + 1] (high).
import type { Vcpu } from "../runtime/index.js";
import { PAGE_SIZE } from "../runtime/index.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type H = (args: any, vcpu: Vcpu) => any;

// ---------------------------------------------------------------- RISC-V SBI, riscv64
// a7 = EID, a6 = FID, a0..a5 = args, a0 = error, a1 = value. Slots: a0 = 10, a1 = 11, a6 = 16, a7 = 17.
export interface SbiHandlers {
  readonly probeExtension: H;
  readonly getMvendorid: H;
  readonly setTimer: H;
  readonly sendIpi: H;
}

const SBI_ERRORS: ReadonlyMap<string, bigint> = new Map([
  ["SBI_SUCCESS", 0n], ["SBI_ERR_FAILED", 0xffffffffffffffffn], ["SBI_ERR_NOT_SUPPORTED", 0xfffffffffffffffen],
  ["SBI_ERR_INVALID_PARAM", 0xfffffffffffffffdn], ["SBI_ERR_DENIED", 0xfffffffffffffffcn], ["SBI_ERR_INVALID_ADDRESS", 0xfffffffffffffffbn],
]);
const SBI_ERR_NOT_SUPPORTED = 0xfffffffffffffffen;
const EID_BASE = 0x10n, EID_TIME = 0x54494d45n, EID_IPI = 0x735049n;

function sbiStatus(st: string): bigint {
  const v = SBI_ERRORS.get(st);
  if (v === undefined) throw new TypeError(`unknown SBI status ${st}`);
  return v;
}

/** Only the switch: selector -> decode -> handler -> write-back (registers already set). */
export function sbiSwitch(r: BigUint64Array, h: SbiHandlers, v: Vcpu): void {
  let res: any;
  switch (r[17]) {
    case EID_BASE:
      switch (r[16]) {
        case 3n:
          res = h.probeExtension({ extension_id: BigInt.asIntN(64, r[10]!) }, v);
          if (res.status === undefined || res.status === "SBI_SUCCESS") { r[10] = 0n; r[11] = res.value; } else r[10] = sbiStatus(res.status);
          return;
        case 4n:
          res = h.getMvendorid({}, v);
          if (res.status === undefined || res.status === "SBI_SUCCESS") { r[10] = 0n; r[11] = res.value; } else r[10] = sbiStatus(res.status);
          return;
      }
      break;
    case EID_TIME:
      if (r[16] === 0n) {
        res = h.setTimer({ stime_value: r[10]! }, v);
        r[10] = res.status === undefined || res.status === "SBI_SUCCESS" ? 0n : sbiStatus(res.status);
        return;
      }
      break;
    case EID_IPI:
      if (r[16] === 0n) {
        res = h.sendIpi({ hart_mask: r[10]!, hart_mask_base: r[11]! }, v);
        r[10] = res.status === undefined || res.status === "SBI_SUCCESS" ? 0n : sbiStatus(res.status);
        return;
      }
      break;
  }
  r[10] = SBI_ERR_NOT_SUPPORTED;
}

/** The same work as Machine.step for this ABI: trap check at pc, privilege, switch, pc += 4. */
export function sbiStep(v: Vcpu, h: SbiHandlers): boolean {
  const pc = v.pc;
  const page = v.mem.page(pc, false);
  const off = pc % PAGE_SIZE;
  // ecall = 0x00000073, little-endian; off + 4 <= PAGE_SIZE since pc is 4-aligned
  if (page === undefined || page[off] !== 0x73 || page[off + 1] !== 0 || page[off + 2] !== 0 || page[off + 3] !== 0) return false;
  if (v.mode !== "kernel" && v.mode !== "hypervisor") return false;    // reflected to the kernel
  sbiSwitch(v.regs, h, v);
  v.pc = pc + 4;
  return true;
}

// ---------------------------------------------------------------- KVM x86, x86_64
// rax = number, rbx/rcx/rdx/rsi = args, rax = status. Slots: rax 0, rcx 1, rdx 2, rbx 3, rsi 6.
export interface KvmHandlers {
  readonly kickCpu: H;
  readonly clockPairing: H;
  readonly sendIpi: H;
  readonly schedYield: H;
}

const KVM_ERRORS: ReadonlyMap<string, bigint> = new Map([
  ["KVM_ENOSYS", 0xfffffffffffffc18n], ["KVM_EFAULT", 0xfffffffffffffff2n], ["KVM_EINVAL", 0xffffffffffffffean],
  ["KVM_E2BIG", 0xfffffffffffffff9n], ["KVM_EPERM", 0xffffffffffffffffn], ["KVM_EOPNOTSUPP", 0xffffffffffffffa1n],
]);
const KVM_ENOSYS = 0xfffffffffffffc18n;

function kvmStatus(res: any): bigint {
  if (res.status === undefined) return 0n;
  const v = KVM_ERRORS.get(res.status);
  if (v === undefined) throw new TypeError(`unknown KVM status ${res.status}`);
  return v;
}

export function kvmSwitch(r: BigUint64Array, h: KvmHandlers, v: Vcpu): void {
  switch (r[0]) {
    case 5n: r[0] = kvmStatus(h.kickCpu({ flags: r[3]!, apicid: Number(r[1]! & 0xffffffffn) }, v)); return;
    case 9n: r[0] = kvmStatus(h.clockPairing({ paddr: r[3]!, clock_type: r[1]! }, v)); return;
    case 10n: r[0] = kvmStatus(h.sendIpi({ bitmap_low: r[3]!, bitmap_high: r[1]!, min: Number(r[2]! & 0xffffffffn), icr: r[6]! }, v)); return;
    case 11n: r[0] = kvmStatus(h.schedYield({ dest_apicid: Number(r[3]! & 0xffffffffn) }, v)); return;
    default: r[0] = KVM_ENOSYS;
  }
}

/** vmcall (0f 01 c1) on Intel / vmmcall (0f 01 d9) on AMD at pc, kernel mode only, switch, pc += 3. */
export function kvmStep(v: Vcpu, h: KvmHandlers): boolean {
  const pc = v.pc;
  const off = pc % PAGE_SIZE;
  if (off + 3 > PAGE_SIZE) return false;   // not handled here: the benchmark's trap is page-internal
  const page = v.mem.page(pc, false);
  if (page === undefined || page[off] !== 0x0f || page[off + 1] !== 0x01) return false;
  const b = page[off + 2];
  if (b !== (v.vendor === "amd" ? 0xd9 : 0xc1)) return false;
  if (v.mode !== "kernel") { v.regs[0] = 0xffffffffffffffffn; v.pc = pc + 3; return true; }   // KVM_EPERM
  kvmSwitch(v.regs, h, v);
  v.pc = pc + 3;
  return true;
}

// ================================================================ the fast hand-written dispatchers

/** The 4 bytes at pc as one little-endian word, or -1 when pc is not mapped or the word crosses a page. */
function wordAt(v: Vcpu, pc: number): number {
  const off = pc & (PAGE_SIZE - 1);
  const page = v.mem.page(pc, false);
  if (page === undefined || off > PAGE_SIZE - 4) return -1;
  return (page[off]! | (page[off + 1]! << 8) | (page[off + 2]! << 16) | (page[off + 3]! << 24)) >>> 0;
}

const KERNEL = 2, HYPERVISOR = 4;   // Vcpu.modeBit values (user 1, kernel 2, hypervisor 4, firmware 8)

/** SBI write-back of (error, value) for a handler result. */
function sbiResult(r: BigUint64Array, res: any): void {
  const st = res.status;
  if (st === undefined || st === "SBI_SUCCESS") { r[10] = 0n; r[11] = res.value; } else r[10] = sbiStatus(st);
}

export function sbiSwitchFast(v: Vcpu, h: SbiHandlers): void {
  const r = v.regs, r32 = v.regs32;
  if (r32[35] === 0 && r32[33] === 0) {   // a7, a6 upper halves
    switch (r32[34]) {                    // a7 = EID
      case 0x10:
        switch (r32[32]) {                // a6 = FID
          case 3: sbiResult(r, h.probeExtension({ extension_id: BigInt.asIntN(64, r[10]!) }, v)); return;
          case 4: sbiResult(r, h.getMvendorid({}, v)); return;
        }
        break;
      case 0x54494d45:
        if (r32[32] === 0) { const st = h.setTimer({ stime_value: r[10]! }, v).status; r[10] = st === undefined || st === "SBI_SUCCESS" ? 0n : sbiStatus(st); return; }
        break;
      case 0x735049:
        if (r32[32] === 0) { const st = h.sendIpi({ hart_mask: r[10]!, hart_mask_base: r[11]! }, v).status; r[10] = st === undefined || st === "SBI_SUCCESS" ? 0n : sbiStatus(st); return; }
        break;
    }
  }
  r[10] = SBI_ERR_NOT_SUPPORTED;
}

export function sbiStepFast(v: Vcpu, h: SbiHandlers): boolean {
  const pc = v.pc;
  if (wordAt(v, pc) !== 0x00000073) return false;        // ecall
  if ((v.modeBit & (KERNEL | HYPERVISOR)) === 0) return false;
  sbiSwitchFast(v, h);
  v.pc = pc + 4;
  return true;
}

export function kvmSwitchFast(v: Vcpu, h: KvmHandlers): void {
  const r = v.regs, r32 = v.regs32;
  if (r32[1] === 0) {                     // rax upper half
    switch (r32[0]) {
      case 5: r[0] = kvmStatus(h.kickCpu({ flags: r[3]!, apicid: r32[2]! }, v)); return;
      case 9: r[0] = kvmStatus(h.clockPairing({ paddr: r[3]!, clock_type: r[1]! }, v)); return;
      case 10: r[0] = kvmStatus(h.sendIpi({ bitmap_low: r[3]!, bitmap_high: r[1]!, min: r32[4]!, icr: r[6]! }, v)); return;
      case 11: r[0] = kvmStatus(h.schedYield({ dest_apicid: r32[6]! }, v)); return;
    }
  }
  r[0] = KVM_ENOSYS;
}

export function kvmStepFast(v: Vcpu, h: KvmHandlers): boolean {
  const pc = v.pc;
  const w = wordAt(v, pc) & 0xffffff;
  if (w !== (v.vendor === "amd" ? 0xd9010f : 0xc1010f)) return false;   // vmmcall / vmcall
  if ((v.modeBit & KERNEL) === 0) { v.regs[0] = 0xffffffffffffffffn; v.pc = pc + 3; return true; }   // KVM_EPERM
  kvmSwitchFast(v, h);
  v.pc = pc + 3;
  return true;
}

// ---------------------------------------------------------------- Arm SMCCC, aarch64
// x0 = function ID (32 bits; const bits 23:16 zero), x1..x3 = args; x0 = status or value.
export interface SmcccHandlers {
  readonly psciVersion: H;
  readonly psciFeatures: H;
  readonly cpuOn64: H;
  readonly smcccVersion: H;
}
const SMCCC_NOT_SUPPORTED = 0xffffffffffffffffn;
const SMCCC_ERRORS: ReadonlyMap<string, bigint> = new Map([
  ["SMCCC_RET_SUCCESS", 0n], ["SMCCC_RET_NOT_SUPPORTED", 0xffffffffffffffffn], ["PSCI_RET_INVALID_PARAMS", 0xfffffffffffffffen],
  ["PSCI_RET_DENIED", 0xfffffffffffffffdn], ["PSCI_RET_ALREADY_ON", 0xfffffffffffffffcn],
]);
function smcccStatus(st: string): bigint {
  const v = SMCCC_ERRORS.get(st);
  if (v === undefined) throw new TypeError(`unknown SMCCC status ${st}`);
  return v;
}

export function smcccSwitchFast(v: Vcpu, h: SmcccHandlers): void {
  const r = v.regs, r32 = v.regs32;
  let res: any;
  switch (r32[0]) {                       // the 32-bit function ID (upper half of x0 ignored)
    case 0x84000000:
      res = h.psciVersion({}, v);
      r[0] = res.status === undefined || res.status === "SMCCC_RET_SUCCESS" ? BigInt.asUintN(32, BigInt(res.version)) : smcccStatus(res.status);
      return;
    case 0x8400000a:
      res = h.psciFeatures({ psci_func_id: r32[2]! }, v);
      r[0] = res.status === undefined || res.status === "SMCCC_RET_SUCCESS" ? BigInt.asIntN(32, BigInt(res.features)) : smcccStatus(res.status);
      return;
    case 0xc4000003:
      res = h.cpuOn64({ target_cpu: r[1]!, entry_point_address: r[2]!, context_id: r[3]! }, v);
      r[0] = res.status === undefined || res.status === "SMCCC_RET_SUCCESS" ? 0n : smcccStatus(res.status);
      return;
    case 0x80000000:
      res = h.smcccVersion({}, v);
      r[0] = res.status === undefined || res.status === "SMCCC_RET_SUCCESS" ? BigInt.asUintN(32, BigInt(res.version)) : smcccStatus(res.status);
      return;
  }
  r[0] = SMCCC_NOT_SUPPORTED;
}

export function smcccStepFast(v: Vcpu, h: SmcccHandlers): boolean {
  const pc = v.pc;
  const w = wordAt(v, pc);
  if (w !== 0xd4000002 && w !== 0xd4000003) return false;   // hvc #0, smc #0
  if ((v.modeBit & (KERNEL | HYPERVISOR)) === 0) return false;
  smcccSwitchFast(v, h);
  v.pc = pc + 4;
  return true;
}

// ---------------------------------------------------------------- PAPR, ppc64le
// r3 = opcode (64 bits), r4.. = args; r3 = status, r4.. = results.
export interface PaprHandlers {
  readonly cede: H;
  readonly confer: H;
  readonly prod: H;
  readonly getTermChar: H;
}
const H_FUNCTION = 0xfffffffffffffffen;
const PAPR_ERRORS: ReadonlyMap<string, bigint> = new Map([["H_SUCCESS", 0n], ["H_HARDWARE", 0xffffffffffffffffn], ["H_FUNCTION", H_FUNCTION], ["H_PARAMETER", 0xfffffffffffffffcn]]);
function paprStatus(res: any): bigint {
  const st = res.status;
  if (st === undefined || st === "H_SUCCESS") return 0n;
  const v = PAPR_ERRORS.get(st);
  if (v === undefined) throw new TypeError(`unknown PAPR status ${st}`);
  return v;
}

export function paprSwitchFast(v: Vcpu, h: PaprHandlers): void {
  const r = v.regs, r32 = v.regs32;
  if (r32[7] === 0) {                     // r3 upper half
    switch (r32[6]) {
      case 0xe0: r[3] = paprStatus(h.cede({}, v)); return;
      case 0xe4: r[3] = paprStatus(h.confer({ target_cpu: BigInt.asIntN(64, r[4]!), yield_count: r32[10]! }, v)); return;
      case 0xe8: r[3] = paprStatus(h.prod({ target_cpu: r[4]! }, v)); return;
      case 0x54: {
        const res = h.getTermChar({ termno: r[4]! }, v);
        const st = paprStatus(res);
        r[3] = st;
        if (st === 0n) { r[4] = res.len; r[5] = res.chars0_7; r[6] = res.chars8_15; }
        return;
      }
    }
  }
  r[3] = H_FUNCTION;
}

export function paprStepFast(v: Vcpu, h: PaprHandlers): boolean {
  const pc = v.pc;
  if (wordAt(v, pc) !== 0x44000022) return false;        // sc 1 (little-endian guest memory)
  if ((v.modeBit & KERNEL) === 0) return false;
  paprSwitchFast(v, h);
  v.pc = pc + 4;
  return true;
}

// ================================================================ the equal-work hand-written dispatchers
// The fast ones above skip three things the runtime's contract asks of every dispatcher and that the
// generated one does on every call: count the call (Machine.counters), refuse a handler that returns a
// Promise (handlers are synchronous) and answer a handler that throws with the ABI's failed status
// instead of crashing the emulator. These do the same, written as a person would: one counter per call
// in an array, the thenable test in a small helper V8 inlines, one try/catch around the switch.
// These are the headline baseline (`handwritten` in bench/runtime.ts); the fast ones are `handwrittenBare`.

class AsyncHandlerError extends Error {}
/** The handler's result, or a throw when it returned a thenable (handlers are synchronous). */
function sync<T>(res: T): T {
  if (typeof res === "object" && res !== null && typeof (res as { then?: unknown }).then === "function") throw new AsyncHandlerError("handlers are synchronous");
  return res;
}

/** Calls dispatched to a handler, by the order of the benchmark's calls, per ABI. */
export const counts = { sbi: [0, 0, 0, 0], kvm: [0, 0, 0, 0], smccc: [0, 0, 0, 0], papr: [0, 0, 0, 0] };

export function sbiStepEqual(v: Vcpu, h: SbiHandlers): boolean {
  const pc = v.pc;
  if (wordAt(v, pc) !== 0x00000073) return false;        // ecall
  if ((v.modeBit & (KERNEL | HYPERVISOR)) === 0) return false;
  const r = v.regs, r32 = v.regs32, n = counts.sbi;
  try {
    sbi: if (r32[35] === 0 && r32[33] === 0) {   // a7, a6 upper halves
      switch (r32[34]) {                         // a7 = EID
        case 0x10:
          switch (r32[32]) {                     // a6 = FID
            case 3: n[0]!++; sbiResult(r, sync(h.probeExtension({ extension_id: BigInt.asIntN(64, r[10]!) }, v))); break sbi;
            case 4: n[1]!++; sbiResult(r, sync(h.getMvendorid({}, v))); break sbi;
          }
          r[10] = SBI_ERR_NOT_SUPPORTED; break sbi;
        case 0x54494d45:
          if (r32[32] === 0) { n[2]!++; const st = sync(h.setTimer({ stime_value: r[10]! }, v)).status; r[10] = st === undefined || st === "SBI_SUCCESS" ? 0n : sbiStatus(st); break sbi; }
          break;
        case 0x735049:
          if (r32[32] === 0) { n[3]!++; const st = sync(h.sendIpi({ hart_mask: r[10]!, hart_mask_base: r[11]! }, v)).status; r[10] = st === undefined || st === "SBI_SUCCESS" ? 0n : sbiStatus(st); break sbi; }
          break;
      }
      r[10] = SBI_ERR_NOT_SUPPORTED;
    } else r[10] = SBI_ERR_NOT_SUPPORTED;
  } catch {
    r[10] = 0xffffffffffffffffn;                 // SBI_ERR_FAILED
  }
  v.pc = pc + 4;
  return true;
}

export function kvmStepEqual(v: Vcpu, h: KvmHandlers): boolean {
  const pc = v.pc;
  const w = wordAt(v, pc) & 0xffffff;
  if (w !== (v.vendor === "amd" ? 0xd9010f : 0xc1010f)) return false;   // vmmcall / vmcall
  const r = v.regs, r32 = v.regs32, n = counts.kvm;
  if ((v.modeBit & KERNEL) === 0) { r[0] = 0xffffffffffffffffn; v.pc = pc + 3; return true; }   // KVM_EPERM
  try {
    if (r32[1] === 0) {                          // rax upper half
      switch (r32[0]) {
        case 5: n[0]!++; r[0] = kvmStatus(sync(h.kickCpu({ flags: r[3]!, apicid: r32[2]! }, v))); break;
        case 9: n[1]!++; r[0] = kvmStatus(sync(h.clockPairing({ paddr: r[3]!, clock_type: r[1]! }, v))); break;
        case 10: n[2]!++; r[0] = kvmStatus(sync(h.sendIpi({ bitmap_low: r[3]!, bitmap_high: r[1]!, min: r32[4]!, icr: r[6]! }, v))); break;
        case 11: n[3]!++; r[0] = kvmStatus(sync(h.schedYield({ dest_apicid: r32[6]! }, v))); break;
        default: r[0] = KVM_ENOSYS;
      }
    } else r[0] = KVM_ENOSYS;
  } catch {
    r[0] = KVM_ENOSYS;                           // kvm-x86 names no failed error: not-supported answers
  }
  v.pc = pc + 3;
  return true;
}

export function smcccStepEqual(v: Vcpu, h: SmcccHandlers): boolean {
  const pc = v.pc;
  const w = wordAt(v, pc);
  if (w !== 0xd4000002 && w !== 0xd4000003) return false;   // hvc #0, smc #0
  if ((v.modeBit & (KERNEL | HYPERVISOR)) === 0) return false;
  const r = v.regs, r32 = v.regs32, n = counts.smccc;
  let res: any;
  try {
    switch (r32[0]) {                            // the 32-bit function ID (upper half of x0 ignored)
      case 0x84000000:
        n[0]!++; res = sync(h.psciVersion({}, v));
        r[0] = res.status === undefined || res.status === "SMCCC_RET_SUCCESS" ? BigInt.asUintN(32, BigInt(res.version)) : smcccStatus(res.status);
        break;
      case 0x8400000a:
        n[1]!++; res = sync(h.psciFeatures({ psci_func_id: r32[2]! }, v));
        r[0] = res.status === undefined || res.status === "SMCCC_RET_SUCCESS" ? BigInt.asIntN(32, BigInt(res.features)) : smcccStatus(res.status);
        break;
      case 0xc4000003:
        n[2]!++; res = sync(h.cpuOn64({ target_cpu: r[1]!, entry_point_address: r[2]!, context_id: r[3]! }, v));
        r[0] = res.status === undefined || res.status === "SMCCC_RET_SUCCESS" ? 0n : smcccStatus(res.status);
        break;
      case 0x80000000:
        n[3]!++; res = sync(h.smcccVersion({}, v));
        r[0] = res.status === undefined || res.status === "SMCCC_RET_SUCCESS" ? BigInt.asUintN(32, BigInt(res.version)) : smcccStatus(res.status);
        break;
      default: r[0] = SMCCC_NOT_SUPPORTED;
    }
  } catch {
    r[0] = 0xfffffffffffffffan;                  // PSCI_RET_INTERNAL_FAILURE
  }
  v.pc = pc + 4;
  return true;
}

export function paprStepEqual(v: Vcpu, h: PaprHandlers): boolean {
  const pc = v.pc;
  if (wordAt(v, pc) !== 0x44000022) return false;        // sc 1 (little-endian guest memory)
  if ((v.modeBit & KERNEL) === 0) return false;
  const r = v.regs, r32 = v.regs32, n = counts.papr;
  try {
    if (r32[7] === 0) {                          // r3 upper half
      switch (r32[6]) {
        case 0xe0: n[0]!++; r[3] = paprStatus(sync(h.cede({}, v))); break;
        case 0xe4: n[1]!++; r[3] = paprStatus(sync(h.confer({ target_cpu: BigInt.asIntN(64, r[4]!), yield_count: r32[10]! }, v))); break;
        case 0xe8: n[2]!++; r[3] = paprStatus(sync(h.prod({ target_cpu: r[4]! }, v))); break;
        case 0x54: {
          n[3]!++;
          const res = sync(h.getTermChar({ termno: r[4]! }, v));
          const st = paprStatus(res);
          r[3] = st;
          if (st === 0n) { r[4] = res.len; r[5] = res.chars0_7; r[6] = res.chars8_15; }
          break;
        }
        default: r[3] = H_FUNCTION;
      }
    } else r[3] = H_FUNCTION;
  } catch {
    r[3] = 0xffffffffffffffffn;                  // H_HARDWARE
  }
  v.pc = pc + 4;
  return true;
}

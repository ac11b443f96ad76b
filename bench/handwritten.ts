// The baseline the generated dispatch is compared with: hypercall dispatchers as one would write them
// by hand for an emulator, over the same register file (BigUint64Array, exact to 64 bits) and the same
// guest memory. Each one checks that the instruction at pc is the trap, checks the privilege mode, reads
// the selector register(s), switches on the number, decodes the arguments exactly as the generated
// tables do (same narrowing), calls the same typed handler, writes the status/results back and
// advances pc. Unknown numbers answer the ABI's "not supported" error. Only the calls the benchmark
// uses are written out; a real hand-written dispatcher would have one case per call.
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

// How a gdbstub's `g` reply maps onto a runtime Vcpu, per arch: the layout (the same QEMU layouts
// `hcgen trace` reads, observe/target.ts, plus ppc64), the register number of pc for `P` writes, the
// byte order of the reply, and the guest's privilege mode where the registers show it.
import { ARCHES, canonicalRegister } from "../arches.js";
import { LAYOUTS, type Layout } from "../observe/target.js";
import { printable, RspError } from "../observe/rsp-packet.js";
import type { ArchName, Mode } from "../../runtime/types.js";

export type ByteOrder = "little" | "big";

export interface Registers {
  /** Canonical register names (the spec's: a0, x0, r3) and pc -> value. */
  readonly values: Map<string, bigint>;
  readonly order: ByteOrder;
  /** The `g` reply they came from (a `G` write sends it back with the changed registers patched in). */
  readonly hex: string;
}

export interface RegMap {
  readonly arch: ArchName;
  readonly layout: Layout;
  /** Canonical name -> gdb register number (index in the layout), for `P` writes. */
  readonly numbers: ReadonlyMap<string, number>;
  decode(hex: string): Registers;
  encode(name: string, value: bigint, order: ByteOrder): string;
  /** The `G` payload: `r.hex` with `changes` written in (QEMU answers `P` only to XML-aware clients). */
  patch(r: Registers, changes: ReadonlyMap<string, bigint>): string;
  /** The privilege mode the registers show, or null when the gdbstub's core registers do not carry it. */
  mode(r: Registers): Mode | null;
}

const seq = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);

/**
 * QEMU's ppc64 layout without an XML target description (target/ppc/gdbstub.c, qemu/qemu
 * 02381ec16e71c9a37321195a1b426e850b2ca241, ppc_gdb_register_len): r0-r31, f0-f31, pc (nip), msr, cr
 * (4 bytes), lr, ctr, xer (4 bytes); fpscr follows and is not needed. ppc_maybe_bswap_register
 * byte-swaps every register when MSR.LE is set, so the reply is little-endian for an LE guest.
 */
const PPC64: Layout = {
  names: [...seq("r", 32), ...seq("f", 32), "pc", "msr", "cr", "lr", "ctr", "xer"],
  sizes: [...Array(64).fill(8), 8, 8, 4, 8, 8, 4],
};
const MSR_LE = 1n, MSR_PR = 1n << 14n, MSR_HV = 1n << 60n, MSR_SF = 1n << 63n;

function value(chunk: string, order: ByteOrder): bigint {
  const n = chunk.length / 2;
  let v = 0n;
  for (let i = 0; i < n; i++) {
    const b = order === "little" ? n - 1 - i : i;
    v = (v << 8n) | BigInt(parseInt(chunk.slice(b * 2, b * 2 + 2), 16));
  }
  return v;
}

function regMap(arch: ArchName, layout: Layout, orderOf: (hex: string, at: (name: string) => string | null) => ByteOrder, mode: RegMap["mode"]): RegMap {
  const info = ARCHES.get(arch)!;
  const canon = layout.names.map((n) => canonicalRegister(info, n) ?? n);
  const offsets: number[] = [];
  layout.sizes.reduce((off, size, i) => { offsets[i] = off; return off + size * 2; }, 0);
  const total = layout.sizes.reduce((a, b) => a + b, 0);
  const numbers = new Map(canon.map((n, i) => [n, i]));
  const chunkOf = (hex: string, i: number) => hex.slice(offsets[i]!, offsets[i]! + layout.sizes[i]! * 2);
  return {
    arch, layout, numbers, mode,
    decode(hex) {
      if (!/^[0-9a-fA-Fx]*$/.test(hex)) throw new RspError(`malformed register reply: '${printable(hex.slice(0, 40))}' is not hex`);
      const pcAt = numbers.get("pc")!;
      if (hex.length < offsets[pcAt]! + layout.sizes[pcAt]! * 2) throw new RspError(`malformed register reply: ${hex.length >> 1} bytes do not reach pc (a ${arch} reply holds ${total})`);
      const order = orderOf(hex, (name) => { const i = numbers.get(name); return i === undefined ? null : chunkOf(hex, i); });
      const values = new Map<string, bigint>();
      canon.forEach((name, i) => {
        const chunk = chunkOf(hex, i);
        if (chunk.length === layout.sizes[i]! * 2 && !chunk.includes("x")) values.set(name, value(chunk, order));
      });
      if (!values.has("pc")) throw new RspError("malformed register reply: pc is unavailable");
      return { values, order, hex };
    },
    patch(r, changes) {
      let hex = r.hex;
      for (const [name, v] of changes) {
        const i = numbers.get(name);
        if (i === undefined) throw new RspError(`${arch} gdb layout has no register '${name}'`);
        hex = hex.slice(0, offsets[i]!) + this.encode(name, v, r.order) + hex.slice(offsets[i]! + layout.sizes[i]! * 2);
      }
      return hex;
    },
    encode(name, v, order) {
      const i = numbers.get(name);
      if (i === undefined) throw new RspError(`${arch} gdb layout has no register '${name}'`);
      const size = layout.sizes[i]!;
      let s = "";
      for (let b = 0; b < size; b++) {
        const shift = BigInt(8 * (order === "little" ? b : size - 1 - b));
        s += ((BigInt.asUintN(size * 8, v) >> shift) & 0xffn).toString(16).padStart(2, "0");
      }
      return s;
    },
  };
}

const little = (): ByteOrder => "little";
const EL_MODES: readonly Mode[] = ["user", "kernel", "hypervisor", "firmware"];

/** ppc64: the reply is little-endian exactly when MSR, read little-endian, has LE and SF (64-bit) set. */
function ppcOrder(_hex: string, at: (name: string) => string | null): ByteOrder {
  const msr = at("msr");
  if (msr === null || msr.length !== 16 || msr.includes("x")) return "big";
  const le = value(msr, "little");
  return (le & MSR_LE) !== 0n && (le & MSR_SF) !== 0n ? "little" : "big";
}
function ppcMode(r: Registers): Mode | null {
  const msr = r.values.get("msr");
  if (msr === undefined) return null;
  return (msr & MSR_PR) !== 0n ? "user" : (msr & MSR_HV) !== 0n ? "hypervisor" : "kernel";
}

const MAPS: Partial<Record<ArchName, RegMap>> = {
  // RISC-V's privilege level is not a core register (QEMU shows it as the virtual `priv` register).
  riscv64: regMap("riscv64", LAYOUTS.riscv64!, little, () => null),
  // aarch64: CPSR.M[3:2] is the exception level.
  aarch64: regMap("aarch64", LAYOUTS.aarch64!, little, (r) => { const c = r.values.get("cpsr"); return c === undefined ? null : EL_MODES[Number((c >> 2n) & 3n)]!; }),
  ppc64: regMap("ppc64", PPC64, ppcOrder, ppcMode),
  ppc64le: regMap("ppc64le", PPC64, ppcOrder, ppcMode),
};

export const SERVE_ARCHES: readonly ArchName[] = Object.keys(MAPS) as ArchName[];

export function regMapOf(arch: ArchName): RegMap {
  const m = MAPS[arch];
  if (m === undefined) throw new RspError(`hcgen serve has no gdb register map for ${arch} yet (supported: ${SERVE_ARCHES.join(", ")})`);
  return m;
}

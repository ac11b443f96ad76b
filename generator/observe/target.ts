// What the tracer needs to know about the target beyond the spec: the gdbstub's `g` register layout
// (QEMU's core register XML for the arch), and where the guest's code is (ELF sections marked
// executable, or a range given on the command line).
import { closeSync, readSync } from "node:fs";
import { ARCHES, canonicalRegister } from "../arches.js";
import { openRegular } from "../read-bounded.js";
import { printable, RspError } from "./rsp-packet.js";

export interface Layout { readonly names: readonly string[]; readonly sizes: readonly number[] }

const seq = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);

/** `g` packet layouts of QEMU's gdbstub (gdb-xml/riscv-64bit-cpu.xml, aarch64-core.xml). */
export const LAYOUTS: Readonly<Record<string, Layout>> = {
  riscv64: { names: [...seq("x", 32), "pc"], sizes: Array(33).fill(8) },
  riscv32: { names: [...seq("x", 32), "pc"], sizes: Array(33).fill(4) },
  aarch64: { names: [...seq("x", 31), "sp", "pc", "cpsr"], sizes: [...Array(33).fill(8), 4] },
};

/**
 * Decodes a `g` reply (target byte order: little-endian for these arches) into canonical names.
 * A reply that is not hex, or too short to hold pc, is an RspError: a garbage reply must never
 * look like a guest stopped somewhere else.
 */
export function parseRegisters(arch: string, hex: string): Map<string, bigint> {
  const layout = LAYOUTS[arch];
  if (!layout) throw new Error(`no register layout for ${arch}`);
  const info = ARCHES.get(arch)!;
  if (!/^[0-9a-fA-Fx]*$/.test(hex)) throw new RspError(`malformed register reply: '${printable(hex.slice(0, 40))}' is not hex`);
  const out = new Map<string, bigint>();
  let pos = 0;
  layout.names.forEach((name, i) => {
    const size = layout.sizes[i]!;
    const chunk = hex.slice(pos, pos + size * 2);
    pos += size * 2;
    if (chunk.length < size * 2 || chunk.includes("x")) return; // unavailable registers are "xx"
    let v = 0n;
    for (let b = size - 1; b >= 0; b--) v = (v << 8n) | BigInt(parseInt(chunk.slice(b * 2, b * 2 + 2), 16));
    out.set(canonicalRegister(info, name) ?? name, v);
  });
  if (!out.has("pc")) throw new RspError(`malformed register reply: ${hex.length / 2} bytes do not reach pc (a ${arch} reply holds ${layout.sizes.reduce((a, b) => a + b, 0)})`);
  return out;
}

export interface CodeRange { readonly start: bigint; readonly size: number; readonly name: string }

/** The section-name table is read whole; real ones are a few KiB. */
const MAX_SHSTRTAB_BYTES = 1024 * 1024;
/** Code with no bytes in the file (SHT_NOBITS) is read from the guest; as much as --scan allows. */
const MAX_NOBITS_CODE_BYTES = 64 * 1024 * 1024;
const SHT_NOBITS = 8;
const SHF_EXECINSTR = 4n;
const hex = (v: bigint) => `0x${v.toString(16)}`;

/**
 * Executable sections (SHF_EXECINSTR) of an ELF32/ELF64 little-endian file. Only the header, the
 * section table and the section-name table are read (at their offsets, each bounds-checked against
 * the file), so a multi-GiB vmlinux with debug info costs a few KiB, and a device or FIFO is refused.
 * Every 64-bit field stays a BigInt until it is checked against the file size (or a limit), so an
 * offset or size above 2^53 is an error naming its exact value, never a read at a rounded offset.
 */
export function elfCodeRanges(path: string): CodeRange[] {
  const { fd, size: fileSize } = openRegular(path);
  try {
    /** `len` bytes at `offset`, both exact; the error names `what` and the exact values. */
    const at = (offset: bigint, len: bigint, what: string): Buffer => {
      if (offset < 0n || len < 0n || offset + len > BigInt(fileSize)) {
        throw new Error(`${what} at offset ${hex(offset)} lie outside the ${fileSize}-byte file`);
      }
      const o = Number(offset), n = Number(len);   // exact: both are at most the file size
      const b = Buffer.alloc(n);
      let got = 0;
      while (got < n) { const r = readSync(fd, b, got, n - got, o + got); if (r === 0) break; got += r; }
      if (got < n) throw new Error(`${what} end early: the file shrank while being read`);
      return b;
    };
    if (fileSize < 0x34) throw new Error(`${path} is not an ELF file (${fileSize} bytes)`);
    const h = at(0n, BigInt(Math.min(64, fileSize)), "the ELF header");
    if (h.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${path} is not an ELF file`);
    const is64 = h[4] === 2;
    if (h[5] !== 1) throw new Error(`${path}: only little-endian ELF files are supported`);
    if (is64 && h.length < 64) throw new Error(`${path}: the ELF64 header is cut short`);
    const shoff = is64 ? h.readBigUInt64LE(0x28) : BigInt(h.readUInt32LE(0x20));
    const shentsize = h.readUInt16LE(is64 ? 0x3a : 0x2e);
    const shnum = h.readUInt16LE(is64 ? 0x3c : 0x30);
    const shstrndx = h.readUInt16LE(is64 ? 0x3e : 0x32);
    if (shnum === 0) return [];
    if (shentsize < (is64 ? 0x28 : 0x18)) throw new Error(`${path}: section header entries of ${shentsize} bytes are too small`);
    const table = at(shoff, BigInt(shnum * shentsize), `the section headers (${shnum} of ${shentsize} bytes)`);
    const sec = (i: number) => {
      const o = i * shentsize;
      const u32 = (k: number) => BigInt(table.readUInt32LE(o + k));
      return is64
        ? { name: table.readUInt32LE(o), type: table.readUInt32LE(o + 4), flags: table.readBigUInt64LE(o + 8), addr: table.readBigUInt64LE(o + 0x10), offset: table.readBigUInt64LE(o + 0x18), size: table.readBigUInt64LE(o + 0x20) }
        : { name: table.readUInt32LE(o), type: table.readUInt32LE(o + 4), flags: u32(8), addr: u32(0xc), offset: u32(0x10), size: u32(0x14) };
    };
    if (shstrndx >= shnum) throw new Error(`${path}: the section-name table index ${shstrndx} is not one of the ${shnum} sections`);
    const strSec = sec(shstrndx);
    if (strSec.size > BigInt(MAX_SHSTRTAB_BYTES)) throw new Error(`${path}: the section-name table is ${hex(strSec.size)} bytes (limit ${MAX_SHSTRTAB_BYTES})`);
    const strtab = at(strSec.offset, strSec.size, `the section-name table (${strSec.size} bytes)`);
    const nameOf = (n: number) => { const end = strtab.indexOf(0, n); return n < strtab.length ? strtab.toString("latin1", n, end < 0 ? strtab.length : end) : ""; };
    const addressEnd = 1n << (is64 ? 64n : 32n);
    const out: CodeRange[] = [];
    for (let i = 0; i < shnum; i++) {
      const s = sec(i);
      if ((s.flags & SHF_EXECINSTR) === 0n || s.size === 0n || s.addr === 0n) continue;
      const what = `section ${i} (${nameOf(s.name)})`;
      // Code with bytes in the file is bounded by the file; code without (NOBITS) by the --scan limit.
      if (s.type !== SHT_NOBITS && s.offset + s.size > BigInt(fileSize)) {
        throw new Error(`${what}: its ${hex(s.size)} bytes at offset ${hex(s.offset)} lie outside the ${fileSize}-byte file`);
      }
      if (s.type === SHT_NOBITS && s.size > BigInt(MAX_NOBITS_CODE_BYTES)) {
        throw new Error(`${what}: ${hex(s.size)} bytes of code is beyond what hcgen reads (at most ${hex(BigInt(MAX_NOBITS_CODE_BYTES))})`);
      }
      if (s.addr + s.size > addressEnd) throw new Error(`${what}: ${hex(s.size)} bytes at ${hex(s.addr)} wrap past the end of the address space`);
      out.push({ start: s.addr, size: Number(s.size), name: nameOf(s.name) });   // exact: bounded above
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Offsets in `mem` (starting at `base`) where `pattern` occurs at `align`-byte alignment. */
export function findPattern(mem: Uint8Array, base: bigint, pattern: Uint8Array, align: number): bigint[] {
  const out: bigint[] = [];
  const skew = Number(base % BigInt(align));
  for (let i = skew === 0 ? 0 : align - skew; i + pattern.length <= mem.length; i += align) {
    let ok = true;
    for (let k = 0; k < pattern.length && ok; k++) ok = mem[i + k] === pattern[k];
    if (ok) out.push(base + BigInt(i));
  }
  return out;
}

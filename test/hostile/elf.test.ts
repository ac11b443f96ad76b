// Crafted ELF64 files for `trace --elf` / `serve --elf`: 64-bit offsets, sizes and addresses are
// checked exactly (BigInt) before any becomes a JS number, so a value above 2^53 is a clear error
// naming the exact value, never a read at a rounded offset or a code range of a rounded size.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { elfCodeRanges } from "../../generator/observe/target.js";

const tmp = mkdtempSync(join(tmpdir(), "hcgen-elf-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Text { readonly addr?: bigint; readonly offset?: bigint; readonly size?: bigint; readonly type?: number }
interface Crafted { readonly shoff?: bigint; readonly strOffset?: bigint; readonly text?: Text }

const STRTAB = Buffer.from("\0.shstrtab\0.text\0", "latin1");
const TEXT_AT = 96, TEXT_BYTES = 16, SHOFF = 112;

/** Header, .shstrtab at 64, 16 bytes of .text at 96, three section headers at 112 (null, .shstrtab, .text). */
function elf(name: string, c: Crafted = {}): string {
  const b = Buffer.alloc(SHOFF + 3 * 64);
  b.writeUInt32BE(0x7f454c46, 0); b[4] = 2; b[5] = 1; b[6] = 1;
  b.writeUInt16LE(2, 0x10); b.writeUInt16LE(0xf3, 0x12); // ET_EXEC, EM_RISCV
  b.writeBigUInt64LE(c.shoff ?? BigInt(SHOFF), 0x28);
  b.writeUInt16LE(64, 0x3a); b.writeUInt16LE(3, 0x3c); b.writeUInt16LE(1, 0x3e);
  STRTAB.copy(b, 64);
  const sh = (i: number, nameOff: number, type: number, flags: bigint, addr: bigint, offset: bigint, size: bigint) => {
    const o = SHOFF + i * 64;
    b.writeUInt32LE(nameOff, o); b.writeUInt32LE(type, o + 4); b.writeBigUInt64LE(flags, o + 8);
    b.writeBigUInt64LE(addr, o + 0x10); b.writeBigUInt64LE(offset, o + 0x18); b.writeBigUInt64LE(size, o + 0x20);
  };
  sh(1, 1, 3, 0n, 0n, c.strOffset ?? 64n, BigInt(STRTAB.length));
  const t = c.text ?? {};
  sh(2, 11, t.type ?? 1, 6n, t.addr ?? 0x80200000n, t.offset ?? BigInt(TEXT_AT), t.size ?? BigInt(TEXT_BYTES));
  const p = join(tmp, name);
  writeFileSync(p, b);
  return p;
}

const ABOVE_2_53 = (1n << 53n) + 1n; // 0x20000000000001: Number() rounds it to 2^53

describe("ELF64 offsets, sizes and addresses are exact", () => {
  it("a well-formed ELF gives its .text exactly (the control)", () => {
    expect(elfCodeRanges(elf("good.elf"))).toEqual([{ start: 0x80200000n, size: TEXT_BYTES, name: ".text" }]);
    const high = 0xffffffff80000000n; // a kernel's .text address: above 2^53, kept as a BigInt
    expect(elfCodeRanges(elf("high.elf", { text: { addr: high } }))).toEqual([{ start: high, size: TEXT_BYTES, name: ".text" }]);
  });

  it("a section-table offset above 2^53 is refused with its exact value", () => {
    expect(() => elfCodeRanges(elf("shoff.elf", { shoff: ABOVE_2_53 })))
      .toThrow("the section headers (3 of 64 bytes) at offset 0x20000000000001 lie outside the 304-byte file");
    expect(() => elfCodeRanges(elf("shoff-max.elf", { shoff: 0xffffffffffffffffn })))
      .toThrow("at offset 0xffffffffffffffff lie outside the 304-byte file");
  });

  it("a section-name table offset above 2^53 is refused with its exact value", () => {
    expect(() => elfCodeRanges(elf("str.elf", { strOffset: ABOVE_2_53 })))
      .toThrow("the section-name table (17 bytes) at offset 0x20000000000001 lie outside the 304-byte file");
  });

  it("an executable section larger than 2^53 bytes is an error, not a range of a rounded size", () => {
    expect(() => elfCodeRanges(elf("size.elf", { text: { size: ABOVE_2_53 } })))
      .toThrow("section 2 (.text): its 0x20000000000001 bytes at offset 0x60 lie outside the 304-byte file");
    // Without file contents (SHT_NOBITS) the size is still bounded exactly.
    expect(() => elfCodeRanges(elf("nobits.elf", { text: { type: 8, size: ABOVE_2_53 } })))
      .toThrow("section 2 (.text): 0x20000000000001 bytes of code is beyond what hcgen reads (at most 0x4000000)");
  });

  it("an executable section at an offset above 2^53 is an error", () => {
    expect(() => elfCodeRanges(elf("text-off.elf", { text: { offset: ABOVE_2_53 } })))
      .toThrow("section 2 (.text): its 0x10 bytes at offset 0x20000000000001 lie outside the 304-byte file");
  });

  it("a section that wraps past the end of the 64-bit address space is an error", () => {
    expect(() => elfCodeRanges(elf("wrap.elf", { text: { addr: 0xfffffffffffffff8n } })))
      .toThrow("section 2 (.text): 0x10 bytes at 0xfffffffffffffff8 wrap past the end of the address space");
  });
});

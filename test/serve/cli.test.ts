// `hcgen serve` usage: bad arguments and handler files are clear errors (exit 2, no stack); an
// unreachable gdbstub is exit 1, not a hang; register maps per arch, ppc64 in both byte orders.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { regMapOf } from "../../generator/serve/regmap.js";
import { ROOT } from "../helpers/catalog.js";

const dir = mkdtempSync(join(tmpdir(), "hcgen-serve-cli-"));
const file = (name: string, text: string) => { writeFileSync(join(dir, name), text); return join(dir, name); };
const scan = ["--arch", "riscv64", "--scan", "0x80200000:16", "--timeout", "0.5"];

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  const io = captureIo(ROOT);
  const code = await main(["serve", ...args], io);
  return { code, stderr: io.stderr };
}

describe("hcgen serve usage", () => {
  it("refuses bad arguments and handler files with exit 2 and a message naming them", async () => {
    const cases: [string[], RegExp][] = [
      [["--handlers", "x.js", ...scan], /--gdb HOST:PORT is required/],
      [["--gdb", "127.0.0.1:99999", "--handlers", "x.js", ...scan], /port must be 1\.\.65535/],
      [["--gdb", "127.0.0.1:1", ...scan], /--handlers FILE is required/],
      [["--gdb", "127.0.0.1:1", "--handlers", join(dir, "none.js"), ...scan], /no such file/],
      [["--gdb", "127.0.0.1:1", "--handlers", file("h.ts", "export default []"), ...scan], /cannot import TypeScript; compile it first/],
      [["--gdb", "127.0.0.1:1", "--handlers", file("empty.mjs", "export default []"), ...scan], /non-empty list of handler sets/],
      [["--gdb", "127.0.0.1:1", "--handlers", file("throws.mjs", "export default () => { throw new Error('nope') }"), ...scan], /default export threw: nope/],
      [["--gdb", "127.0.0.1:1", "--handlers", file("syntax.mjs", "export default ["), ...scan], /cannot load it/],
      [["--gdb", "127.0.0.1:1", "--handlers", "x.js", "--arch", "x86_64", "--scan", "0:4"], /no gdb register map for x86_64/],
    ];
    const strips = Boolean((process.features as { typescript?: unknown }).typescript); // Node >= 22.6 imports .ts itself
    for (const [args, want] of cases.filter(([, w]) => !strips || !/TypeScript/.test(w.source))) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(want);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("an unreachable gdbstub is exit 1 with the address, not a hang", async () => {
    const h = file("ok.mjs", `export default [{ abi: (await import(${JSON.stringify(join(ROOT, "dist/generated/ts/index.js"))})).riscvSbiAbi, handlers: {} }]`);
    const r = await run(["--gdb", "127.0.0.1:1", "--handlers", h, ...scan]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot connect to 127\.0\.0\.1:1/);
  });
});

describe("gdb register maps", () => {
  const word = (v: bigint, order: "little" | "big", bytes = 8) => {
    const b = Array.from({ length: bytes }, (_, i) => ((v >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, "0"));
    return (order === "little" ? b : b.reverse()).join("");
  };
  /** A ppc64 `g` reply: r3 = 0x1234, pc, msr, the rest zero, every register in `order`. */
  const ppc = (order: "little" | "big", msr: bigint) =>
    [...Array.from({ length: 64 }, (_, i) => word(i === 3 ? 0x1234n : 0n, order)), word(0x10000n, order), word(msr, order),
      word(0n, order, 4), word(0n, order), word(0n, order), word(0n, order, 4)].join("");

  it("ppc64 follows MSR.LE: big-endian and little-endian replies decode to the same values", () => {
    const m = regMapOf("ppc64");
    const be = m.decode(ppc("big", 1n << 63n)), le = m.decode(ppc("little", (1n << 63n) | 1n));
    expect([be.order, le.order]).toEqual(["big", "little"]);
    expect([be.values.get("r3"), le.values.get("r3"), be.values.get("pc"), le.values.get("pc")]).toEqual([0x1234n, 0x1234n, 0x10000n, 0x10000n]);
    expect(m.mode(be)).toBe("kernel");
    expect(m.mode(m.decode(ppc("big", (1n << 63n) | (1n << 14n))))).toBe("user");
    // a written-back pc keeps the reply's byte order
    expect(m.patch(le, new Map([["pc", 0x10004n]]))).toBe(ppc("little", (1n << 63n) | 1n).replace(word(0x10000n, "little"), word(0x10004n, "little")));
  });

  it("aarch64 takes the privilege mode from CPSR.EL; riscv64's core registers do not show it", () => {
    const a = regMapOf("aarch64");
    const reply = (cpsr: bigint) => [...Array.from({ length: 33 }, () => word(0n, "little")), word(cpsr, "little", 4)].join("");
    expect(a.mode(a.decode(reply(0x3c5n)))).toBe("kernel");   // EL1h
    expect(a.mode(a.decode(reply(0x3c9n)))).toBe("hypervisor");
    expect(a.mode(a.decode(reply(0x0n)))).toBe("user");
    const r = regMapOf("riscv64");
    expect(r.mode(r.decode("00".repeat(33 * 8)))).toBeNull();
    expect(() => r.decode("00".repeat(16))).toThrow(/do not reach pc/);
    expect(() => regMapOf("s390x")).toThrow(/no gdb register map for s390x/);
  });
});

// Issue 19 item 1: a value wider than the register (or field) that carries it is a positioned
// validation error, never a silent wrap (an error value of 2^64 would encode as 0 = success).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { CODES } from "../../generator/diagnostics.js";
import { FIXTURES } from "../helpers/catalog.js";

const tmp = mkdtempSync(join(tmpdir(), "hcgen-values-"));
const BASE = readFileSync(join(FIXTURES, "invalid", "HC140-error-too-wide.yaml"), "utf8")
  .replace(/^# expect:.*\n/, "")
  .replace("value: 0x10000000000000000", "value: -2");
let n = 0;
/** Validates BASE with `edits` applied; returns "CODE line:col message" for each diagnostic. */
function check(...edits: [string, string][]): string[] {
  let text = BASE;
  for (const [from, to] of edits) { expect(text, `fixture text has '${from}'`).toContain(from); text = text.replace(from, to); }
  const file = join(tmp, `v${n++}.yaml`);
  writeFileSync(file, text);
  return loadModel([file]).diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`);
}

describe("values wider than their register", () => {
  it("the base spec is valid (so each case below tests one thing)", () => {
    expect(check()).toEqual([]);
  });
  it("codes HC140-HC142 are in the catalog with a title", () => {
    for (const c of ["HC140", "HC141", "HC142"] as const) expect(CODES[c]).toMatch(/\w/);
  });
  it("an error value of 2^64 (encodes as 0 = success) is refused at the value", () => {
    const d = check(["value: -2", "value: 0x10000000000000000"]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/^HC140 21:37 error value 0x10000000000000000 does not fit the 64-bit a0 on riscv64: it would be truncated to 0x0$/);
  });
  it("2^64 - 1 and -2^63 fit a 64-bit status; -2^63 - 1 does not", () => {
    expect(check(["value: -2", "value: 0xffffffffffffffff"])).toEqual([]);
    expect(check(["value: -2", "value: -9223372036854775808"])).toEqual([]);
    expect(check(["value: -2", "value: -9223372036854775809"])[0]).toMatch(/^HC140 21:37 /);
  });
  it("on a 32-bit arch the status is 32 bits wide", () => {
    expect(check(["riscv64:", "riscv32:"], ["value: -2", "value: 0xffffffff"])).toEqual([]);
    expect(check(["riscv64:", "riscv32:"], ["value: -2", "value: 0x100000000"])[0]).toMatch(/^HC140 21:37 .*32-bit a0 on riscv32: it would be truncated to 0x0$/);
  });
  it("every arch of the spec is checked (riscv64 plus riscv32 via like:)", () => {
    const d = check(["errors:", "  riscv32: { like: riscv64 }\nerrors:"], ["value: -2", "value: 0x100000000"]);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/^HC140 22:37 .*riscv32/);
  });
  it("a status in register bits (Hyper-V 15:0) bounds the error values to those bits", () => {
    const bits = ["{ name: error, register: a0, status: true }", "{ name: error, register: a0, status: true, bits: \"15:0\" }"] as [string, string];
    expect(check(bits, ["value: -2", "value: 0xffff"])).toEqual([]);
    expect(check(bits, ["value: -2", "value: 0x10000"])[0]).toMatch(/^HC140 21:37 .*a0 bits 15:0 on riscv64/);
  });
  it("sign: negated checks the negation the register carries", () => {
    const neg: [string, string] = ["sign: as-is", "sign: negated"];
    expect(check(neg, ["value: -2", "value: 0x8000000000000000"])).toEqual([]);           // register -2^63
    expect(check(neg, ["value: -2", "value: 0x8000000000000001"])[0]).toMatch(/^HC140 21:37 .*the register carries -0x8000000000000001/);
  });
  it("a magic value wider than its register, negative, or an ascii text over 8 bytes is refused", () => {
    const magic = (v: string): [string, string] => ["calls:", `magic:\n  - { name: SIG, value: ${v}, register: a5 }\ncalls:`];
    expect(check(magic("0xffffffffffffffff"))).toEqual([]);
    expect(check(magic("0x10000000000000000"))[0]).toMatch(/^HC141 23:25 magic 'SIG' = 0x10000000000000000 does not fit a5 on riscv64 \(64 bits\)$/);
    expect(check(magic("-1"))[0]).toMatch(/^HC141 23:25 /);
    expect(check(magic('{ ascii: "KVM!KVM!K" }'))[0]).toMatch(/^HC141 23:25 .*\{ascii: "KVM!KVM!K"\}/);
    // A magic value outside a register (a CPUID result) is still at most 64 bits.
    expect(check(["calls:", 'magic:\n  - { name: SIG, value: { ascii: "0123456789" }, location: "CPUID 0x40000000 ebx" }\ncalls:'])[0]).toMatch(/^HC141 23:25 .*64 bits/);
  });
  it("range bounds wider than the identity field (or negative) are refused", () => {
    const range = (from: string, to: string): [string, string] => ["calls:", `ranges:\n  - { name: r, field: fid, from: ${from}, to: ${to}, use: firmware }\ncalls:`];
    expect(check(range("0", "0xffffffffffffffff"))).toEqual([]);
    expect(check(range("0", "0x10000000000000000"))[0]).toMatch(/^HC142 23:41 range 'r' to = 0x10000000000000000 does not fit the 64-bit identity field 'fid'$/);
    expect(check(range("-1", "2"))[0]).toMatch(/^HC142 23:34 range 'r' from = -0x1/);
  });
});

// Round trip through both generated C halves on the build machine: for every call of an ABI on every
// arch, a register file is built by the guest stub's own encoding (c-call.ts stubInputs: the very
// expressions the inline-asm stub loads into its register variables), dispatched by the generated
// host dispatcher to a handler that records its typed arguments and answers with chosen results,
// and read back by the stub's own result expressions (stubReads). The program prints every step;
// dispatch-roundtrip.test.ts compares it with the TS runtime doing the same call (the oracle).
import { cArchFunction, cCallStruct, cDispatchHeaderPath, cHandlerMember, cMacro, cPrefix } from "../../generator/names.js";
import { selectorsOf } from "../../generator/emit/c.js";
import { stubInputs, stubReads, type StubContext } from "../../generator/emit/c-call.js";
import { hostType } from "../../generator/emit/c-dispatch-values.js";
import { regVar } from "../../generator/emit/c-arch.js";
import { u64Literal } from "../../generator/emit/c-text.js";
import { mergeValues } from "../../generator/emit/ts-values.js";
import type { Abi, ArchAbi, ArgType, Call, CallArch } from "../../generator/model.js";

export const VECTORS = 2;
const M64 = (1n << 64n) - 1n;

/** Test value k of vector v: above 2^53 with the top bit set (v 0), or small negative (v 1, sign extension). */
export function testValue(v: number, k: number): bigint {
  return v === 0 ? (0xf0e1d2c3b4a59687n ^ (BigInt(k) * 0x0101010101010101n)) & M64 : (-(BigInt(k) + 2n)) & M64;
}

const SIGNED = new Set<ArgType>(["i8", "i16", "i32", "i64", "long"]);
const WIDTH: Partial<Record<ArgType, number>> = { u8: 8, i8: 8, u16: 16, i16: 16, u32: 32, i32: 32, u64: 64, i64: 64 };

/** What a C conversion of the 64-bit pattern `lit` to the guest's type holds (word types by the arch word). */
export function guestValue(lit: bigint, type: ArgType, word: number): bigint {
  if (type === "bool") return lit !== 0n ? 1n : 0n;
  const w = WIDTH[type] ?? word;
  return SIGNED.has(type) ? BigInt.asIntN(w, lit) : BigInt.asUintN(w, lit);
}

/** The same for a host struct member type. */
export function memberValue(lit: bigint, ctype: string): bigint {
  if (ctype === "_Bool") return lit !== 0n ? 1n : 0n;
  const m = /^(u?)int(\d+)_t$/.exec(ctype)!;
  return m[1] ? BigInt.asUintN(Number(m[2]), lit) : BigInt.asIntN(Number(m[2]), lit);
}

const GUEST_C: Readonly<Record<ArgType, string>> = {
  u8: "uint8_t", u16: "uint16_t", u32: "uint32_t", u64: "uint64_t", i8: "int8_t", i16: "int16_t", i32: "int32_t", i64: "int64_t",
  ulong: "unsigned long", long: "long", bool: "_Bool", gpa: "unsigned long", gva: "unsigned long", ptr: "unsigned long",
};

function guestDecl(a: { name: string; type: ArgType }, lit: bigint, word: number): string {
  const t = GUEST_C[a.type];
  // A 32-bit guest's unsigned long/long is 32 bits: convert through the 32-bit type first.
  const via = word === 32 && (t === "unsigned long" || t === "long") ? `(${t === "long" ? "int32_t" : "uint32_t"})` : "";
  return `    const ${t} ${a.name} = (${t})${via}${u64Literal(lit)};`;
}

const entriesOf = (abi: Abi, arch: ArchAbi): { call: Call; ca: CallArch; index: number }[] =>
  abi.calls.flatMap((call, index) => call.arches.filter((a) => a.arch === arch.arch).map((ca) => ({ call, ca, index })));

function printMember(label: string, expr: string, ctype: string): string {
  const signed = /^int/.test(ctype);
  return `  printf("${label} %llx\\n", (unsigned long long)${signed ? "(long long)" : ""}${expr});`;
}

/** The C test program for one ABI (all its arches). */
export function roundTripProgram(abi: Abi): string {
  const p = cPrefix(abi.id);
  const out = [`#include <stdio.h>`, `#include <string.h>`, `#include "${cDispatchHeaderPath(abi.id).replace(/^c\//, "")}"`, ``, `static int hc_hit = -1;`,
    `/* The register file as the arch's registers in order (the header's _Static_asserts pin that layout). */`,
    `static void hc_dump(const char *what, const void *regs, unsigned n, unsigned word)`, `{`, `  unsigned i;`, `  printf("%s", what);`,
    `  for (i = 0; i < n; i++) printf(" %llx", word == 64 ? (unsigned long long)((const uint64_t *)regs)[i] : (unsigned long long)((const uint32_t *)regs)[i]);`,
    `  printf("\\n");`, `}`];
  const handlers: string[] = [];
  abi.calls.forEach((call, i) => {
    const args = mergeValues(call, (a) => a.args), results = mergeValues(call, (a) => a.resultValues);
    const params = ["void *ctx"];
    const body = [`(void)ctx;`, `hc_hit = ${i};`];
    if (args.length) { out.push(`static struct ${cCallStruct(p, call.name, "args")} got_${i};`); params.push(`const struct ${cCallStruct(p, call.name, "args")} *a`); body.push(`got_${i} = *a;`); }
    if (results.length) { out.push(`static struct ${cCallStruct(p, call.name, "results")} give_${i};`); params.push(`struct ${cCallStruct(p, call.name, "results")} *res`); body.push(`*res = give_${i};`); }
    out.push(`static int64_t h_${i}(${params.join(", ")}) { ${body.join(" ")} return ${cMacro(p, "DISPATCH_SUCCESS")}; }`);
    handlers.push(`  .${cHandlerMember(call.name)} = h_${i},`);
  });
  out.push(`static const struct ${p}_handlers H = {`, ...handlers, `};`, ``);
  const mains: string[] = [];
  for (const arch of abi.arches) {
    const ctx: StubContext = {
      prefix: p, arch, traps: new Map(), magicMacro: (n) => cMacro(p, n),
      magicRegister: (n) => abi.magic.find((m) => m.name === n)?.register ?? null,
      selectors: (c, ca) => selectorsOf(p, arch, c, ca),
    };
    const t = arch.word === 64 ? "uint64_t" : "uint32_t";
    for (const { call, ca, index } of entriesOf(abi, arch)) {
      // The guest header defines a selector macro per arch block (only the compiled target's): set this arch's.
      for (const s of ctx.selectors(call, ca)) if (s.macro) out.push(`#undef ${s.macro}`, `#define ${s.macro} ${u64Literal(s.value)}`);
      const conv = arch.conventions.find((c) => c.name === ca.convention)!;
      const args = mergeValues(call, (a) => a.args), results = mergeValues(call, (a) => a.resultValues);
      for (let v = 0; v < VECTORS; v++) {
        const tag = `${arch.arch} ${call.name} ${v}`;
        const fn = `t_${arch.arch}_${index}_${v}`;
        mains.push(`  ${fn}();`);
        const { inputs, used, operand } = stubInputs(ctx, call, ca);
        out.push(`static void ${fn}(void)`, `{`, `  struct ${p}_${arch.arch}_regs hc_r;`, `  memset(&hc_r, 0, sizeof hc_r);`, `  {`);
        ca.args.forEach((a, k) => out.push(guestDecl(a, testValue(v, k), arch.word)));
        for (const a of ca.args) if (!used.has(a.name)) out.push(`    (void)${a.name};`);
        for (const [reg, pieces] of inputs) out.push(`    const unsigned long ${regVar(reg)} = ${pieces.join(" | ")};`, `    hc_r.${reg} = (${t})${regVar(reg)};`);
        out.push(`  }`);
        if (arch.conventions.some((c) => c.select.some((s) => s.source === "@operand"))) out.push(`  hc_r.trap_operand = ${u64Literal(operand)};`);
        out.push(`  hc_dump("IN ${tag}", &hc_r, ${arch.registers.length}, ${arch.word});`);
        results.forEach((m, k) => out.push(`  give_${index}.${m.name} = (${hostType(m.types)})${u64Literal(testValue(v, k + 8))};`));
        out.push(`  hc_hit = -1;`, `  {`, `    const int o = (int)${cArchFunction(p, "dispatch", arch.arch)}(&hc_r, &H, NULL);`,
          `    printf("T ${tag} %d %d\\n", o, hc_hit);`, `  }`);
        for (const m of args) out.push(printMember(`ARG ${tag} ${m.name}`, `got_${index}.${m.name}`, hostType(m.types)));
        out.push(`  hc_dump("OUT ${tag}", &hc_r, ${arch.registers.length}, ${arch.word});`);
        if (conv.results.length) {
          const regs = [...new Set(conv.results.map((x) => x.register))];
          out.push(`  {`, ...regs.map((reg) => `    const unsigned long ${regVar(reg)} = hc_r.${reg};`),
            `    const struct { ${conv.results.map((x) => `unsigned long ${x.name};`).join(" ")} } g = { ${stubReads(arch, conv).join(", ")} };`,
            ...conv.results.map((x) => `    printf("READ ${tag} ${x.name} %llx\\n", (unsigned long long)g.${x.name});`), `  }`);
        }
        out.push(`}`);
      }
    }
  }
  out.push(``, `int main(void)`, `{`, ...mains, `  return 0;`, `}`, ``);
  return out.join("\n");
}

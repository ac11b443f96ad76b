// Translation units that use a generated header: one function that calls every stub of an arch,
// so the compiler type-checks every stub and really allocates its registers.
import type { Abi, ArchName, Call } from "../../generator/model.js";
import { cFunction, cPrefix } from "../../generator/names.js";

const C_ARG: Readonly<Record<string, string>> = {
  u8: "uint8_t", u16: "uint16_t", u32: "uint32_t", u64: "uint64_t", i8: "int8_t", i16: "int16_t",
  i32: "int32_t", i64: "int64_t", ulong: "unsigned long", long: "long", bool: "_Bool",
  gpa: "unsigned long", gva: "unsigned long", ptr: "unsigned long",
};

/** The C expression that calls `call` with `x` (a runtime value, so nothing folds away). */
export function callExpr(abi: Abi, call: Call, arch: ArchName, arg: (i: number) => string = () => "x"): string {
  const ca = call.arches.find((a) => a.arch === arch)!;
  return `${cFunction(cPrefix(abi.id), call.name)}(${ca.args.map((a, i) => `(${C_ARG[a.type]})(${arg(i)})`).join(", ")})`;
}

export function resultMembers(abi: Abi, call: Call, arch: ArchName): string[] {
  const ca = call.arches.find((a) => a.arch === arch)!;
  const conv = abi.arches.find((a) => a.arch === arch)!.conventions.find((c) => c.name === ca.convention)!;
  return conv.results.map((r) => r.name);
}

export function callAllTu(abi: Abi, arch: ArchName, header: string): string {
  const p = cPrefix(abi.id);
  const lines = [`#include "${header}"`, `#ifndef ${p}_ARCH`, `#error "${p}: no stubs for this target"`, `#endif`,
    `_Static_assert(sizeof(${p}_ARCH) == ${arch.length + 1}, "wrong arch block: expected ${arch}");`,
    `volatile unsigned long hc_sink;`, `void hc_call_all(unsigned long x)`, `{`];
  for (const call of abi.calls) {
    if (!call.arches.some((a) => a.arch === arch)) continue;
    const members = resultMembers(abi, call, arch);
    const e = callExpr(abi, call, arch);
    if (members.length === 0) lines.push(`  ${e};`);
    else lines.push(`  { __typeof__(${e}) r = ${e}; hc_sink = ${members.map((m) => `r.${m}`).join(" ^ ")}; }`);
  }
  lines.push(`}`, ``);
  return lines.join("\n");
}

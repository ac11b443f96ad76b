// Values that must fit the register (or bit field) that carries them: error codes in the status
// register, magic values in their register, range bounds in their identity field. A value wider than
// its home would be truncated by every consumer (2^64 in a 64-bit status register reads as 0, i.e.
// success), so it is a positioned error here rather than a silent wrap downstream. Selector fields and
// constants are checked where the selector is built (HC102), trap words where traps are (HC109).
import type { Ctx } from "./context.js";
import type { ArchAbi, IdentityField, Magic, Range } from "./model.js";
import { bitWidth, hex, isRaw, rawList, readValue, type Raw } from "./spec-values.js";

/** Two's complement or unsigned: a `bits`-wide home holds -2^(bits-1) .. 2^bits - 1. */
const fitsSignedOrUnsigned = (v: bigint, bits: number): boolean => v >= -(1n << BigInt(bits - 1)) && v < 1n << BigInt(bits);
const fitsUnsigned = (v: bigint, bits: number): boolean => v >= 0n && v < 1n << BigInt(bits);

/** The narrowest status home of an arch: the status result's bits, else the word; null without one. */
function statusWidth(arch: ArchAbi): { bits: number; where: string } | null {
  let best: { bits: number; where: string } | null = null;
  for (const c of arch.conventions) for (const r of c.results) {
    if (!r.status) continue;
    const w = r.bits ? { bits: bitWidth(r.bits), where: `${r.register} bits ${r.bits.hi}:${r.bits.lo}` } : { bits: arch.word, where: `the ${arch.word}-bit ${r.register}` };
    if (!best || w.bits < best.bits) best = w;
  }
  return best ?? { bits: arch.word, where: `a ${arch.word}-bit register` };
}

export function checkValueWidths(ctx: Ctx, v: Raw, arches: readonly ArchAbi[], magic: readonly Magic[], ranges: readonly Range[], fields: readonly IdentityField[]): void {
  const e = isRaw(v.errors) ? v.errors : {};
  const negated = e.sign === "negated";
  rawList(e.codes).forEach((c, i) => {
    const value = readValue(isRaw(c) ? c.value : undefined)?.value;
    if (value === undefined) return;
    const reg = negated ? -value : value;
    for (const a of arches) {
      const home = statusWidth(a)!;
      if (fitsSignedOrUnsigned(reg, home.bits)) continue;
      ctx.err(["errors", "codes", i, "value"], "HC140",
        `error value ${hex(value)}${negated ? ` (the register carries ${hex(reg)})` : ""} does not fit ${home.where} on ${a.arch}: it would be truncated to ${hex(BigInt.asUintN(home.bits, reg))}`,
        `the status holds -${hex(1n << BigInt(home.bits - 1))} .. ${hex((1n << BigInt(home.bits)) - 1n)}; check the number against the source`);
      break;
    }
  });
  magic.forEach((m, i) => {
    // A magic value in a register must fit it on every arch it applies to; one elsewhere (a CPUID
    // result, a returned word) is still read from some register: at most 64 bits.
    const homes = m.register !== null ? arches.filter((a) => m.arches.includes(a.arch)).map((a) => ({ bits: a.word, where: `${m.register} on ${a.arch}` }))
      : [{ bits: 64, where: "64 bits" }];
    const bad = homes.find((h) => !fitsUnsigned(m.value, h.bits));
    if (bad) ctx.err(["magic", i, "value"], "HC141", `magic '${m.name}' = ${hex(m.value)}${m.ascii !== null ? ` ({ascii: "${m.ascii}"})` : ""} does not fit ${bad.where} (${bad.bits} bits)`,
      m.value < 0n ? "write the magic value as an unsigned number" : `the largest value is ${hex((1n << BigInt(bad.bits)) - 1n)}; an ascii value packs 8 bits per character`);
  });
  ranges.forEach((r, i) => {
    const f = fields.find((x) => x.name === r.field);
    if (!f) return; // reported as HC112
    for (const [k, x] of [["from", r.from], ["to", r.to]] as const) {
      if (fitsUnsigned(x, f.width)) continue;
      ctx.err(["ranges", i, k], "HC142", `range '${r.name}' ${k} = ${hex(x)} does not fit the ${f.width}-bit identity field '${r.field}'`,
        `${r.field} holds 0x0 .. ${hex((1n << BigInt(f.width)) - 1n)}`);
    }
  });
}

// Picks the ABI and arch an event is decoded with: the user's --abi/--arch, the event's own (JSON
// lines, ftrace tracepoints), or what the register names give away. Ambiguity is reported, never
// resolved by guessing.
import { didYouMean } from "../suggest.js";
import { ARCHES, canonicalRegister } from "../arches.js";
import type { Abi, ArchAbi, Model } from "../model.js";
import { decodeCall, type Decoded, type Regs } from "./decode.js";

export interface Want { readonly abi: string | null; readonly arch: string | null }

/** Arch from register names: rax -> x86_64, eax -> i386, a7 -> riscv64, x30 -> aarch64, r3 -> ppc64. */
export function guessArch(regs: Regs): string | null {
  const has = (n: string) => regs.has(n);
  if (has("rax") || has("rcx") || has("rip")) return "x86_64";
  if (has("eax") || has("ecx")) return "i386";
  if (has("a7") || has("a0")) return "riscv64"; // riscv32 dumps look the same: pass --arch riscv32
  if (has("x0") && (has("x30") || has("x8"))) return "aarch64";
  if (has("r3") && has("r11")) return "ppc64";
  return null;
}

/** Register names of a dump in the arch's canonical spelling (x10 -> a0 on RISC-V). */
export function canonicalRegs(arch: string, regs: Regs): Map<string, bigint> {
  const info = ARCHES.get(arch);
  const out = new Map<string, bigint>();
  for (const [k, v] of regs) out.set(info ? canonicalRegister(info, k) ?? k : k, v);
  return out;
}

export type Resolution = { ok: true; decoded: Decoded } | { ok: false; message: string };

export function resolveAndDecode(model: Model, regs: Regs, want: Want): Resolution {
  const archName = want.arch ?? guessArch(regs);
  if (!archName) return { ok: false, message: "cannot tell the arch from the register names; pass --arch" };
  const r = canonicalRegs(archName, regs);
  // A value wider than the arch's registers (0x100000010 in a7 on riscv32) is no call: never wrap it into one.
  const word = ARCHES.get(archName)?.word ?? 64;
  for (const [k, v] of r) {
    if (v >= -(1n << BigInt(word - 1)) && v < 1n << BigInt(word)) continue;
    return { ok: false, message: `${k}=${v < 0n ? "-" : ""}0x${(v < 0n ? -v : v).toString(16)} is wider than the ${word}-bit registers of ${archName}` };
  }
  const candidates: { abi: Abi; arch: ArchAbi }[] = [];
  for (const abi of model.abis) {
    if (want.abi && abi.id !== want.abi) continue;
    const arch = abi.arches.find((a) => a.arch === archName);
    if (arch) candidates.push({ abi, arch });
  }
  if (candidates.length === 0) {
    const near = ARCHES.has(archName) ? "" : didYouMean(archName, [...ARCHES.keys()]);   // a misspelt arch in the log
    return { ok: false, message: want.abi ? `ABI '${want.abi}' has no arch ${archName}${near}` : `no ABI in the specs has arch ${archName}${near}` };
  }
  const decoded = candidates.map((c) => decodeCall(c.abi, c.arch, r));
  const hits = decoded.filter((d) => d.call !== null);
  if (hits.length === 1) return { ok: true, decoded: hits[0]! };
  if (hits.length > 1) {
    return { ok: false, message: `ambiguous: ${hits.map((d) => `${d.abi.id} ${d.call!.name}`).join(", ")}; pass --abi` };
  }
  // Unknown: with one candidate ABI say so in its terms; otherwise name the selector registers.
  if (decoded.length === 1) return { ok: true, decoded: decoded[0]! };
  return { ok: false, message: `unknown hypercall on ${archName} in every ABI (${candidates.map((c) => c.abi.id).join(", ")}); pass --abi to decode in one` };
}

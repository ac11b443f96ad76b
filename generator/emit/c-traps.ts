// Which instruction a stub issues, decided at compile time by the guest's build, never guessed:
//   x86 vendor pairs  - vmcall (Intel) unless HC_X86_AMD is defined, then vmmcall (AMD).
//   Arm conduits      - the spec's first conduit trap unless P_CONDUIT_SMC / P_CONDUIT_HVC says
//                       otherwise. The wrong conduit hangs a real guest, so a header that offers a
//                       choice also defines P_CONDUIT ("hvc"/"smc") for the guest to print or check.
//   other alternatives (PPC `sc 1` vs the PR-KVM magic sequence) - the call's trap unless
//                       P_USE_TRAP_<NAME> is defined.
// Traps with operand bits differ per call, so they are written inline in the stub, not as a macro.
import type { ArchAbi, Trap } from "../model.js";
import { cMacro } from "../names.js";
import { trapAsm, trapMnemonic } from "./c-arch.js";
import { cString, inlineComment } from "./c-text.js";

export interface TrapChoice {
  readonly trap: Trap;                     // the trap the spec names
  readonly macro: string | null;           // string-literal macro holding the chosen asm, or null (inline)
  readonly alternatives: readonly Trap[];  // every trap the macro may resolve to (clobbers cover all)
}

export interface ArchTraps {
  readonly choices: ReadonlyMap<string, TrapChoice>;
  readonly lines: readonly string[];       // macro definitions for the arch block
  readonly macros: readonly string[];      // public selection macros this block reads
}

const asmText = (arch: ArchAbi, t: Trap): string => `${cString(trapAsm(arch.arch, t, 0n).join("\n\t"))} ${inlineComment(trapMnemonic(t, 0n))}`;

export function archTraps(prefix: string, arch: ArchAbi): ArchTraps {
  const choices = new Map<string, TrapChoice>();
  const lines: string[] = [];
  const macros = new Set<string>();
  const conduits = arch.traps.filter((t) => t.conduit && !t.operand);
  const plain = arch.traps.filter((t) => !t.conduit && !t.vendor && !t.operand);
  const smc = cMacro(prefix, "CONDUIT_SMC");
  const hvc = cMacro(prefix, "CONDUIT_HVC");
  if (conduits.length > 0) {
    macros.add(smc).add(hvc);
    lines.push(
      `#if defined(${smc}) && defined(${hvc})`,
      `#error ${cString(`${prefix}: define only one of ${smc} and ${hvc}`)}`,
      `#endif`,
    );
    const first = conduits[0]!;
    const pick = (c: "smc" | "hvc"): Trap | undefined => conduits.find((t) => t.conduit === c);
    lines.push(`#if defined(${smc})`, pick("smc") ? `#define ${cMacro(prefix, "CONDUIT")} "smc"` : `#error ${cString(`${prefix}: ${arch.arch} has no smc trap`)}`,
      `#elif defined(${hvc})`, pick("hvc") ? `#define ${cMacro(prefix, "CONDUIT")} "hvc"` : `#error ${cString(`${prefix}: ${arch.arch} has no hvc trap`)}`,
      `#else`, `#define ${cMacro(prefix, "CONDUIT")} ${cString(first.conduit!)} /* the spec's first trap: the default */`, `#endif`);
  }
  const useMacros = plain.length > 1 ? plain.map((t) => cMacro(prefix, `USE_TRAP_${t.name}`)) : [];
  if (useMacros.length > 0) {
    useMacros.forEach((m) => macros.add(m));
    lines.push(`#if (${useMacros.map((m) => `defined(${m})`).join(" + ")}) > 1`,
      `#error ${cString(`${prefix}: define at most one of ${useMacros.join(", ")}`)}`, `#endif`);
  }
  for (const t of arch.traps) {
    if (t.operand) { choices.set(t.name, { trap: t, macro: null, alternatives: [t] }); continue; }
    const macro = `${prefix}__trap_${t.name.toLowerCase()}`;
    let options: { cond: string; trap: Trap }[];
    if (t.vendor) {
      const amd = arch.traps.find((o) => o.vendor === "amd" && o.via === t.via && !o.operand);
      const intel = arch.traps.find((o) => o.vendor === "intel" && o.via === t.via && !o.operand);
      options = amd && intel ? [{ cond: "defined(HC_X86_AMD)", trap: amd }, { cond: "", trap: intel }] : [{ cond: "", trap: t }];
    } else if (t.conduit) {
      options = [];
      for (const [m, c] of [[smc, "smc"], [hvc, "hvc"]] as const) {
        const alt = conduits.find((o) => o.conduit === c);
        if (alt) options.push({ cond: `defined(${m})`, trap: alt });
      }
      options.push({ cond: "", trap: t });
    } else {
      options = plain.length > 1 ? plain.map((o, i) => ({ cond: `defined(${useMacros[i]!})`, trap: o })) : [];
      options.push({ cond: "", trap: t });
    }
    if (options.length === 1) lines.push(`#define ${macro} ${asmText(arch, t)}`);
    else {
      options.forEach((o, i) => {
        lines.push(i === 0 ? `#if ${o.cond}` : o.cond ? `#elif ${o.cond}` : `#else`);
        lines.push(`#define ${macro} ${asmText(arch, o.trap)}`);
      });
      lines.push(`#endif`);
    }
    choices.set(t.name, { trap: t, macro, alternatives: [...new Set(options.map((o) => o.trap))] });
  }
  return { choices, lines, macros: [...macros] };
}

// HC152: a rep call declares its whole rep set. On a convention whose selector fills `rep_count` and
// `rep_start` from arguments (Hyper-V's control bits 43:32 and 59:48), a call that lists any of
// rep_count, rep_start or the `reps_completed` result is a rep call and must list all three: without
// rep_count its stubs send a rep count of 0 (the hypervisor rejects or skips every rep), without
// rep_start a restarted call cannot resume, and without reps_completed the caller cannot tell how far
// the hypervisor got before it returned (the TLFS restart rule).
import type { RawCall } from "./build-calls.js";
import type { Ctx } from "./context.js";
import type { ArchAbi, Call } from "./model.js";

const REP_ARGS = ["rep_count", "rep_start"] as const;
const REP_RESULT = "reps_completed";

/** Whether a convention fills rep_count and rep_start from arguments, and whether it returns reps_completed. */
function repNames(arch: ArchAbi, convention: string): { result: boolean } | null {
  const conv = arch.conventions.find((c) => c.name === convention);
  if (!conv) return null;
  const filled = new Set(conv.select.flatMap((s) => s.parts.flatMap((p) => (p.kind === "arg" ? [p.arg] : []))));
  if (!REP_ARGS.every((a) => filled.has(a))) return null;
  return { result: conv.results.some((r) => !r.status && r.name === REP_RESULT) };
}

export function checkRepCalls(ctx: Ctx, raws: readonly RawCall[], calls: readonly Call[], arches: readonly ArchAbi[]): void {
  // raws[i] is calls[i]'s entry (build-model.ts builds exactly one Call per raw call).
  const reps = new Map<string, { result: boolean } | null>();
  const repOf = (arch: ArchAbi, convention: string) => {
    const k = JSON.stringify([arch.arch, convention]);
    if (!reps.has(k)) reps.set(k, repNames(arch, convention));
    return reps.get(k)!;
  };
  calls.forEach((c, i) => {
    const rc = raws[i]!;
    const argNames = new Set(c.args.map((a) => a.name));
    const resultNames = new Set(c.results.map((r) => r.name));
    for (const ca of c.arches) {
      const arch = arches.find((a) => a.arch === ca.arch);
      const rep = arch ? repOf(arch, ca.convention) : null;
      if (!rep) continue;
      const listed = REP_ARGS.filter((a) => argNames.has(a));
      const hasResult = resultNames.has(REP_RESULT);
      if (listed.length === 0 && !hasResult) break;        // not a rep call
      const missing: string[] = REP_ARGS.filter((a) => !argNames.has(a)).map((a) => `argument '${a}'`);
      if (rep.result && !hasResult) missing.push(`result '${REP_RESULT}'`);
      if (missing.length === 0) break;
      const why = listed.length > 0 ? `lists ${listed.join(" and ")}` : `returns ${REP_RESULT}`;
      const at = missing.some((m) => m.startsWith("argument")) ? (Array.isArray(rc.raw.args) ? "args" : "name")
        : (Array.isArray(rc.raw.results) ? "results" : "name");
      ctx.err([...rc.path, at], "HC152",
        `call '${c.name}' is a rep call (it ${why}) but does not declare ${missing.join(" and ")} (convention '${ca.convention}' on ${ca.arch})`,
        "a rep call declares rep_count and rep_start (filled into the selector) and returns reps_completed; add the missing ones, or drop the rep fields if the call is not a rep call");
      break;                                                 // one report per call, not per arch
    }
  });
}

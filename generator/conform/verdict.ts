// Judging one conformance run from what the guest printed and how QEMU ended. Shared by
// `hcgen conform` and test/qemu, so a user's run and the project's own suites pass by the same rules:
// QEMU exited 0 before the timeout, the guest said hello, every expected CHECK printed ok, and the
// final (power-off) call, if the plan has one, was made.
import type { RunResult } from "./tools.js";

export type CheckState = "ok" | "FAIL" | "missing";

export interface Verdict {
  readonly pass: boolean;
  readonly seconds: number;
  readonly reasons: readonly string[];
  readonly calls: readonly string[];     // "CALL ..." lines the guest printed
  readonly checks: Readonly<Record<string, CheckState>>;
}

export interface Expectation {
  /** "hang": a negative control that must NOT get through its first call. */
  readonly expect: "poweroff" | "hang";
  readonly timeoutMs: number;
}

export function evaluate(t: Expectation, checksExpected: readonly string[], final: string | null, r: RunResult): Verdict {
  const lines = r.output.split("\n");
  const calls = lines.filter((l) => l.startsWith("CALL "));
  const checks: Record<string, CheckState> = {};
  for (const l of lines) {
    const m = /^CHECK (\S+) (ok|FAIL)\s*$/.exec(l);
    if (m) checks[m[1]!] = checks[m[1]!] === "FAIL" ? "FAIL" : (m[2] as "ok" | "FAIL");
  }
  const hello = lines.some((l) => l.startsWith("HCALL-GUEST "));
  const reasons: string[] = [];
  if (t.expect === "hang") {
    // The wrong conduit must stop the guest at its first hypercall: no call may complete.
    if (!r.timedOut) reasons.push(`expected a hang, but QEMU exited (code ${r.code})`);
    if (!hello) reasons.push("no console output from the guest");
    if (calls.length) reasons.push(`${calls.length} call(s) completed with the wrong conduit: ${calls[0]}`);
    if (checks["current-el-matches-conduit"] !== "FAIL") reasons.push("the guest did not report the EL/conduit mismatch");
    return { pass: reasons.length === 0, seconds: r.seconds, reasons, calls, checks };
  }
  for (const c of checksExpected) checks[c] ??= "missing";
  if (r.timedOut) reasons.push(`timed out after ${t.timeoutMs / 1000}s (power-off call did not stop QEMU)`);
  else if (r.code !== 0) reasons.push(`qemu exit ${r.code}`);
  if (!hello) reasons.push("no console output from the guest");
  const failed = Object.entries(checks).filter(([, v]) => v === "FAIL").map(([k]) => k);
  const missing = checksExpected.filter((c) => checks[c] === "missing");
  if (failed.length) reasons.push(`CHECK FAIL: ${failed.join(", ")}`);
  if (missing.length) reasons.push(`never reached: ${missing.join(", ")} (last call: ${calls.at(-1) ?? "none"})`);
  if (final && !calls.some((c) => c.startsWith(`CALL ${final}(`))) reasons.push(`final call ${final} not made`);
  // QEMU's own words (a missing ROM, a bad option) are usually the whole story of a failed run.
  if (reasons.length && r.stderr) reasons.push(`QEMU stderr: ${r.stderr.slice(0, 2000)}`);
  return { pass: reasons.length === 0, seconds: r.seconds, reasons, calls, checks };
}

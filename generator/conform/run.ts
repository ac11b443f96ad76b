// One `hcgen conform` run: generate the guest from a checked plan, build it, run it on the machine
// (optionally against the user's firmware), judge it by the shared rules (verdict.ts) and lay out a
// per-step table. Disk writes go only to the build directory the command owns.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { conformanceGuest, type ConformancePlan } from "../emit/conformance.js";
import type { Model } from "../model.js";
import { buildGuest } from "./build.js";
import type { Firmware, Machine } from "./machines.js";
import { run } from "./tools.js";
import { evaluate, type Verdict } from "./verdict.js";

export interface ConformRun {
  readonly model: Model;
  readonly plan: ConformancePlan;
  readonly machine: Machine;
  readonly firmware: Firmware;
  readonly out: string;
  readonly timeoutMs: number;
  readonly console: readonly string[];
  readonly origin: string;
  readonly buildOnly: boolean;
  readonly say: (line: string) => void;
}

export interface StepRow {
  readonly n: number;
  readonly call: string;
  readonly check: string | null;
  readonly result: "PASS" | "FAIL" | "not reached" | "called" | "final";
  readonly registers: string;     // what the guest printed after "->"
}

export type ConformOutcome =
  | { readonly kind: "build-failed"; readonly error: string }
  | { readonly kind: "built"; readonly elf: string }
  | { readonly kind: "ran"; readonly verdict: Verdict; readonly rows: readonly StepRow[]; readonly command: readonly string[] };

export async function conform(r: ConformRun): Promise<ConformOutcome> {
  const guest = conformanceGuest(r.model, r.plan, { platformExit: true, origin: r.origin });
  r.say(`generated guest.c and ${guest.files.length - 1} header(s) in ${r.out}`);
  const ldflags = r.firmware.kernel ? [`--defsym=GUEST_BASE=0x${r.machine.guestBaseWithKernel.toString(16)}`] : [];
  r.say(`building guest.elf (clang ${r.machine.cflags[0]}, ld.lld)`);
  const err = await buildGuest({ files: guest.files, out: r.out, cflags: r.machine.cflags, boot: r.machine.dir, platform: r.machine.dir, ldflags });
  if (err) return { kind: "build-failed", error: err };
  const elf = join(r.out, "guest.elf");
  if (r.buildOnly) return { kind: "built", elf };
  const command = r.machine.command(elf, r.firmware);
  r.say(`running ${command.join(" ")} (timeout ${r.timeoutMs / 1000}s)`);
  const res = await run(command, r.timeoutMs);
  writeFileSync(join(r.out, "console.log"), res.output);
  const v = evaluate({ expect: "poweroff", timeoutMs: r.timeoutMs }, guest.checks, guest.final, res);
  const missingText = r.console.filter((c) => !res.output.includes(c));
  const verdict: Verdict = missingText.length
    ? { ...v, pass: false, reasons: [...v.reasons, ...missingText.map((c) => `console never showed "${c}"`)] }
    : v;
  return { kind: "ran", verdict, rows: rows(r.plan, verdict), command };
}

/** The guest prints one CALL line per step, in plan order: the i-th line belongs to step i. */
function rows(plan: ConformancePlan, v: Verdict): StepRow[] {
  return plan.steps.map((s, i) => {
    const name = s.probe?.name ?? s.call;
    const line = v.calls[i];
    const checked = s.expect || s.expectAny ? s.check ?? name : null;
    const state = checked ? v.checks[checked] : undefined;
    const result: StepRow["result"] = !line ? "not reached" : s.final ? "final" : checked ? (state === "ok" ? "PASS" : state === "FAIL" ? "FAIL" : "not reached") : "called";
    const registers = line ? line.slice(line.indexOf(")") + 1).replace(/^ ->\s*/, "").trim() : "";
    return { n: i + 1, call: name, check: checked, result, registers };
  });
}

export function formatRows(rows: readonly StepRow[]): string {
  const w = (f: (r: StepRow) => string, head: string): number => Math.max(head.length, ...rows.map((r) => f(r).length));
  const wc = w((r) => r.call, "call"), wk = w((r) => r.check ?? "-", "check"), wr = w((r) => r.result, "result");
  const line = (n: string, c: string, k: string, res: string, regs: string): string =>
    `  ${n.padStart(3)}  ${c.padEnd(wc)}  ${k.padEnd(wk)}  ${res.padEnd(wr)}  ${regs}`.trimEnd();
  return [line("#", "call", "check", "result", "registers"), ...rows.map((r) => line(String(r.n), r.call, r.check ?? "-", r.result, r.registers))].join("\n");
}

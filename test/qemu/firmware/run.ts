// The other half on real machines: firmware and a hypervisor built from the generated C host
// dispatchers (c/<abi>_dispatch.h) replace QEMU's firmware, and the conformance guests of the main
// suite (run.ts) run against them, judged by the same rules (evaluate()):
//   riscv64-sbi-hcgen-fw    virt, -bios our M-mode SBI firmware (firmware/riscv64), the riscv64-sbi
//                           guest plan (its one step that names OpenSBI asks for our impl ID instead)
//   aarch64-psci-hcgen-hyp  virt,virtualization=on, -kernel our EL2 stub hypervisor (firmware/aarch64),
//                           the aarch64-psci-hvc guest at EL1 (-device loader)
// Negative controls: the same firmware built from a deliberately altered spec must FAIL the same
// guests (swapped SBI result registers; PSCI_FEATURES renumbered), so the dispatcher's registers
// and numbers are what makes the guests pass.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadModel } from "../../../generator/api.js";
import { cEmitter } from "../../../generator/emit/c.js";
import { cDispatchEmitter } from "../../../generator/emit/c-dispatch.js";
import { conformanceGuest, type ConformancePlan } from "../../../generator/emit/conformance.js";
import { DEFAULT_EMIT_OPTIONS } from "../../../generator/emit/types.js";
import { FREESTANDING } from "../../../generator/conform/tools.js";
import type { Model } from "../../../generator/model.js";
import { ARM_PSCI, RISCV_SBI } from "../plans.js";
import { build, evaluate, exec, run, type GuestResult } from "../run.js";
import { HERMETIC, TARGETS, type Target } from "../targets.js";

/** The implementation ID our SBI firmware reports: not a registered SBI implementation ID. */
export const FW_IMPL_ID = 0x6863n;

/** The riscv64-sbi plan, except the step that requires OpenSBI's impl ID requires this firmware's. */
export const RISCV_SBI_ON_FW: ConformancePlan = {
  ...RISCV_SBI,
  title: "SBI via ecall on hcgen's dispatcher firmware (virt)",
  steps: RISCV_SBI.steps.map((s) => (s.check === "impl-id-opensbi"
    ? { call: s.call, check: "impl-id-hcgen-fw", expect: [{ field: "error", op: "eq", value: { error: "SBI_SUCCESS" } }, { field: "value", op: "eq", value: FW_IMPL_ID }] }
    : s)),
};

export interface FirmwareTarget {
  readonly name: string;
  readonly guestOf: string;                 // the TARGETS entry whose build flags and platform the guest uses
  readonly plan: ConformancePlan;
  readonly firmware: "riscv64" | "aarch64"; // test/qemu/firmware/<dir>
  readonly spec: string;                    // spec/<file> the firmware's dispatcher comes from
  /** Alters the spec text (negative controls); the altered text must differ. */
  readonly alter?: (yaml: string) => string;
  /** Negative control: the checks that must FAIL. */
  readonly mustFail?: readonly string[];
  readonly qemu: (firmware: string, guest: string) => string[];
}

const RISCV_FW = (fw: string, guest: string): string[] => ["qemu-system-riscv64", "-M", "virt", ...HERMETIC, "-bios", fw, "-kernel", guest];
const A64_HYP = (hyp: string, guest: string): string[] => ["qemu-system-aarch64", "-M", "virt,virtualization=on", "-cpu", "cortex-a57", ...HERMETIC, "-kernel", hyp, "-device", `loader,file=${guest}`];

export const FIRMWARE_TARGETS: readonly FirmwareTarget[] = [
  { name: "riscv64-sbi-hcgen-fw", guestOf: "riscv64-sbi", plan: RISCV_SBI_ON_FW, firmware: "riscv64", spec: "riscv-sbi.yaml", qemu: RISCV_FW },
  { name: "aarch64-psci-hcgen-hyp", guestOf: "aarch64-psci-hvc", plan: ARM_PSCI, firmware: "aarch64", spec: "arm-smccc.yaml", qemu: A64_HYP },
  {
    name: "riscv64-sbi-hcgen-fw-swapped-results", guestOf: "riscv64-sbi", plan: RISCV_SBI_ON_FW, firmware: "riscv64", spec: "riscv-sbi.yaml", qemu: RISCV_FW,
    alter: (y) => y.replace("{ name: error, register: a0, status: true,", "{ name: error, register: a1, status: true,").replace("{ name: value, register: a1,", "{ name: value, register: a0,"),
    mustFail: ["spec-version>=0.3", "probe-base"],
  },
  {
    name: "aarch64-psci-hcgen-hyp-renumbered", guestOf: "aarch64-psci-hvc", plan: ARM_PSCI, firmware: "aarch64", spec: "arm-smccc.yaml", qemu: A64_HYP,
    alter: (y) => y.replace(/(- name: PSCI_1_0_FN_PSCI_FEATURES\n\s+id: \{ function: )0x0a/, "$10x7e"),
    mustFail: ["features-system-off", "features-affinity-info64"],
  },
];

const TOOLS = ["clang", "ld.lld"];
/** The tools a firmware target needs: to build the firmware and guest, and to run them. */
export function firmwareTools(t: FirmwareTarget): string[] {
  return [...TOOLS, t.firmware === "riscv64" ? "qemu-system-riscv64" : "qemu-system-aarch64"];
}

const FW_FLAGS: Readonly<Record<FirmwareTarget["firmware"], readonly string[]>> = {
  riscv64: ["--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany", "-mno-relax", `-DFW_IMPL_ID=0x${FW_IMPL_ID.toString(16)}`],
  // The hypervisor passes SYSTEM_OFF down with the generated guest stub over smc (QEMU's PSCI at EL3).
  aarch64: ["--target=aarch64-none-elf", "-mgeneral-regs-only", "-mstrict-align", "-Dhc_arm_smccc_CONDUIT_SMC"],
};

/** The model the firmware is generated from: the spec as shipped, or altered (and then checked to differ). */
export function firmwareModel(root: string, t: FirmwareTarget, dir: string): Model {
  let path = join(root, "spec", t.spec);
  if (t.alter) {
    const text = readFileSync(path, "utf8");
    const altered = t.alter(text);
    if (altered === text) throw new Error(`${t.name}: the spec alteration did not apply to spec/${t.spec}; update the pattern`);
    path = join(dir, t.spec);
    writeFileSync(path, altered);
  }
  const loaded = loadModel([path], { cwd: root });
  if (!loaded.ok) throw new Error(`${t.name}: spec does not validate: ${loaded.diagnostics.slice(0, 3).map((d) => d.message).join("; ")}`);
  return loaded.model;
}

/** Generates the headers from `model` and builds the firmware ELF in `dir`; returns the error text or null. */
export async function buildFirmware(root: string, t: FirmwareTarget, model: Model, dir: string): Promise<string | null> {
  for (const f of [...cEmitter.emit(model, DEFAULT_EMIT_OPTIONS), ...cDispatchEmitter.emit(model, DEFAULT_EMIT_OPTIONS)]) writeFileSync(join(dir, f.path.replace(/^c\//, "")), f.content);
  const src = join(root, "test", "qemu", "firmware", t.firmware);
  const main = t.firmware === "riscv64" ? "fw.c" : "hyp.c";
  const flags = [...FW_FLAGS[t.firmware], ...FREESTANDING, `-I${dir}`];
  return (await exec("clang", [...flags, "-c", join(src, "start.S"), "-o", "fw-start.o"], dir))
    ?? (await exec("clang", [...flags, "-c", join(src, main), "-o", "fw.o"], dir))
    ?? (await exec("ld.lld", ["-T", join(src, "link.ld"), "-nostdlib", "-static", "fw-start.o", "fw.o", "-o", "firmware.elf"], dir));
}

export interface FirmwareResult extends GuestResult {
  readonly negative: boolean;
}

export async function runFirmware(root: string, t: FirmwareTarget, base: string): Promise<FirmwareResult> {
  const dir = join(base, t.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "guest"), { recursive: true });
  const guestTarget: Target = TARGETS.find((x) => x.name === t.guestOf)!;
  const shipped = loadModel([join(root, "spec", t.spec)], { cwd: root });
  if (!shipped.ok) throw new Error(`spec/${t.spec} does not validate`);
  const guest = conformanceGuest(shipped.model, t.plan);   // the guest always comes from the shipped spec
  const log = `${dir}/console.log`;
  const fail = (why: string): FirmwareResult => ({ name: t.name, pass: false, seconds: 0, reasons: [why], calls: [], checks: {}, summary: `FAIL ${t.name}: ${why}`, log, negative: !!t.mustFail });
  const guestErr = await build(root, guest, guestTarget, join(dir, "guest"));
  if (guestErr) return fail(`guest build failed: ${guestErr}`);
  let fwErr: string | null;
  try { fwErr = await buildFirmware(root, t, firmwareModel(root, t, dir), dir); } catch (e) { fwErr = (e as Error).message; }
  if (fwErr) return fail(`firmware build failed: ${fwErr}`);
  const cmd = t.qemu(join(dir, "firmware.elf"), join(dir, "guest", "guest.elf"));
  const r = await run(cmd, guestTarget.timeoutMs);
  writeFileSync(log, `$ ${cmd.join(" ")}\n${r.output}`);
  const res = evaluate({ ...guestTarget, expect: "poweroff" }, [...guestTarget.platformChecks, ...guest.checks], guest.final, r);
  if (!t.mustFail) {
    const summary = res.pass ? `PASS ${t.name} (${res.seconds.toFixed(2)}s, ${res.calls.length} calls, ${Object.keys(res.checks).length} checks)` : `FAIL ${t.name}: ${res.reasons.join("; ")}; log: ${log}`;
    return { name: t.name, ...res, summary, log, negative: false };
  }
  // Negative control: the guest must fail, at the checks the alteration breaks, on a machine that ran.
  const reasons: string[] = [];
  if (res.pass) reasons.push("the guest passed against a dispatcher from an altered spec");
  if (!res.calls.length) reasons.push("no call completed: the control proves nothing");
  for (const c of t.mustFail) if (res.checks[c] !== "FAIL") reasons.push(`check ${c} did not FAIL (${res.checks[c] ?? "missing"})`);
  const pass = reasons.length === 0;
  const summary = pass ? `PASS ${t.name} (negative control: ${t.mustFail.join(", ")} failed as they must)` : `FAIL ${t.name}: ${reasons.join("; ")}; log: ${log}`;
  return { name: t.name, ...res, pass, reasons, summary, log, negative: true };
}

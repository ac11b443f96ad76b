import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { displayPath, loadModel } from "../api.js";
import { commandStore, NO_CACHE_OPTION, noCacheHelp } from "./store.js";
import { PACKAGE_ROOT } from "../package-root.js";
import { checkPlan, parsePlan } from "../conform/plan.js";
import { DEBIAN_PACKAGE, MACHINES, toolsFor, type Firmware } from "../conform/machines.js";
import { conform as runConform, formatRows } from "../conform/run.js";
import { which } from "../conform/tools.js";
import { formatDiagnostic, sortDiagnostics, UsageError, type Diagnostic } from "../diagnostics.js";
import { readBoundedText } from "../read-bounded.js";
import { parse, type Command } from "./command.js";
import type { Io } from "./io.js";

const DEFAULT_TIMEOUT = 30;
/** Marks a --keep directory as hcgen's, so a later run may overwrite it (and nothing else). */
const OWNER_MARK = ".hcgen-conform";

export const conform: Command = {
  name: "conform",
  summary: "build a conformance guest from a plan and run it on QEMU (optionally against your firmware)",
  help: `usage: hcgen conform PLAN.yaml [--bios FILE] [--kernel FILE] [--timeout SECONDS] [--keep DIR] [--build-only] [--no-cache]

Reads a conformance plan (which ABI, which machine, which calls with which arguments, what each must
return), generates a bare-metal guest that makes those calls through the generated C header only,
builds it with clang and ld.lld, and runs it on the QEMU machine (-nodefaults, serial on stdio).
Prints one row per step (PASS, FAIL, not reached) and the verdict. The plan format is in README.md
("Conformance runs on your own spec"); machines: ${Object.keys(MACHINES).join(", ")}.

options:
  --bios FILE        run against your firmware instead of the machine's (riscv64-virt: M-mode,
                     replaces OpenSBI; the guest runs in S-mode at 0x80200000)
  --kernel FILE      run your S-mode kernel/hypervisor at 0x80200000; the guest is then linked at
                     0x84000000 and loaded with -device loader (your kernel enters it)
  --timeout SECONDS  kill QEMU after this long (default: the plan's timeout, else ${DEFAULT_TIMEOUT})
  --keep DIR         build in DIR and keep it (guest.c, headers, guest.elf, console.log); DIR must be
                     new, empty, or an earlier --keep directory. Default: a temporary directory,
                     removed after the run
  --build-only       generate and build the guest, do not run it (needs no QEMU); with --kernel,
                     the guest is linked for the loader address
${noCacheHelp(21)}
  -h, --help         show this help

Exit status: 0 every check passed (or built, with --build-only), 1 a check failed or the guest did
not build, 2 usage error, invalid plan or spec, or a missing tool.`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      bios: { type: "string" }, kernel: { type: "string" }, timeout: { type: "string" }, keep: { type: "string" }, "build-only": { type: "boolean" }, ...NO_CACHE_OPTION,
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `one plan file, not ${positionals.length}` : "name the plan file: hcgen conform PLAN.yaml");
    const planPath = resolve(io.cwd, positionals[0]!);
    const shown = displayPath(planPath, io.cwd);
    const firmware: Firmware = {
      ...(values.bios !== undefined ? { bios: inputFile(values.bios, "--bios", io) } : {}),
      ...(values.kernel !== undefined ? { kernel: inputFile(values.kernel, "--kernel", io) } : {}),
    };
    let timeout: number | null = null;
    if (values.timeout !== undefined) {
      if (!/^[0-9]{1,4}$/.test(values.timeout) || Number(values.timeout) < 1 || Number(values.timeout) > 3600) throw new UsageError(`--timeout '${values.timeout}' must be whole seconds from 1 to 3600`);
      timeout = Number(values.timeout);
    }
    const buildOnly = values["build-only"] === true;
    if (buildOnly && firmware.bios) throw new UsageError("--build-only runs nothing: --bios makes no sense with it (--kernel does: it moves the guest's link address)");

    let text: string;
    try { text = readBoundedText(planPath, 1024 * 1024); } catch (e) { throw new UsageError(`cannot read plan ${shown}: ${(e as Error).message}`); }
    const parsed = parsePlan(text.replace(/^\uFEFF/, ""), shown);
    if (!parsed.plan) return report(parsed.diagnostics, io, "plan");
    const p = parsed.plan;
    const specs = p.spec ? p.spec.map((s) => join(dirname(planPath), s)) : [join(PACKAGE_ROOT, "spec")];
    const loaded = loadModel(specs, { cwd: io.cwd, store: commandStore(values, io) });
    if (!loaded.ok) return report(loaded.diagnostics.filter((d) => d.severity === "error"), io, "spec");
    const checked = checkPlan(p, loaded.model);
    if (!checked.plan) return report(checked.diagnostics, io, "plan");

    // A wrong --keep is a usage error whether or not the tools are installed: checked first, made after.
    const keep = values.keep !== undefined ? checkKeepDir(resolve(io.cwd, values.keep), values.keep) : null;
    const missing = toolsFor(p.machine, buildOnly).filter((t) => !which(t));
    if (missing.length) {
      const pkgs = [...new Set(missing.map((t) => DEBIAN_PACKAGE[t] ?? t))];
      io.err(`hcgen conform: missing ${missing.join(", ")} on PATH; install ${pkgs.length === 1 ? "the Debian package" : "the Debian packages"} ${pkgs.join(" ")} (apt-get install ${pkgs.join(" ")})\n`);
      return 2;
    }
    const out = keep !== null ? markKeepDir(keep) : mkdtempSync(join(tmpdir(), "hcgen-conform-"));
    const say = (s: string): void => io.out(`hcgen conform: ${s}\n`);
    say(`plan ${shown}: ${checked.plan.abi} on ${p.machine.name}, ${checked.plan.steps.length} steps${firmware.bios ? `, --bios ${values.bios}` : ""}${firmware.kernel ? `, --kernel ${values.kernel}` : ""}`);
    try {
      const outcome = await runConform({ model: loaded.model, plan: checked.plan, machine: p.machine, firmware, out, buildOnly, say,
        timeoutMs: (timeout ?? p.timeoutSeconds ?? DEFAULT_TIMEOUT) * 1000, console: p.console, origin: `plan ${shown}` });
      if (outcome.kind === "build-failed") { io.err(`hcgen conform: the guest did not build:\n${outcome.error}\n`); return 1; }
      if (outcome.kind === "built") { say(`built ${values.keep !== undefined ? outcome.elf : "guest.elf (use --keep DIR to keep it)"}`); return 0; }
      io.out(`${formatRows(outcome.rows)}\n`);
      const v = outcome.verdict;
      const n = Object.keys(v.checks).length, ok = Object.values(v.checks).filter((c) => c === "ok").length;
      if (v.pass) { io.out(`PASS ${checked.plan.abi} on ${p.machine.name}: ${ok} of ${n} checks passed, ${v.calls.length} calls (${v.seconds.toFixed(2)}s)\n`); return 0; }
      io.out(`FAIL ${checked.plan.abi} on ${p.machine.name}: ${ok} of ${n} checks passed\n${v.reasons.map((r) => `  ${r}`).join("\n")}\n`);
      if (values.keep === undefined) io.out("  (run with --keep DIR to keep guest.c, guest.elf and console.log)\n");
      return 1;
    } finally {
      if (values.keep === undefined) rmSync(out, { recursive: true, force: true });
    }
  },
};

function report(ds: readonly Diagnostic[], io: Io, what: string): number {
  for (const d of sortDiagnostics(ds)) io.err(`${formatDiagnostic(d)}\n`);
  io.err(`hcgen conform: ${ds.length} ${what} error${ds.length === 1 ? "" : "s"}; nothing was built\n`);
  return 2;
}

function inputFile(p: string, flag: string, io: Io): string {
  const abs = resolve(io.cwd, p);
  if (!statSync(abs, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`${flag} ${p}: no such file`);
  return abs;
}

/** A --keep directory must be absent, empty, or one hcgen made before (its mark file): nothing else is touched. */
function checkKeepDir(abs: string, shown: string): string {
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new UsageError(`--keep ${shown} is not a directory`);
    const entries = readdirSync(abs);
    if (entries.length && !entries.includes(OWNER_MARK)) throw new UsageError(`--keep ${shown} is not empty and was not made by hcgen conform; name a new or empty directory`);
  }
  return abs;
}

/** Creates a checked --keep directory if need be and marks it as hcgen's. */
function markKeepDir(abs: string): string {
  mkdirSync(abs, { recursive: true });
  writeFileSync(join(abs, OWNER_MARK), "made by hcgen conform; a later --keep run may overwrite the files here\n");
  return abs;
}

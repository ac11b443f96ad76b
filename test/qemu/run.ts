// `npm run test:qemu`: generate the C headers and a conformance guest per target (in-process, from
// spec/), build each with clang + ld.lld, run it on QEMU with a timeout, and print PASS/FAIL per
// guest and a closing "N passed, N failed". Per guest, build/qemu/<name>/ keeps the sources, the
// ELF, console.log and result.json (calls made, results seen, checks), so a failure names the call.
// Missing tools: skip with a message (exit 0), or fail when HCGEN_REQUIRE_QEMU=1.
import { execFile, spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadModel } from "../../generator/api.js";
import { conformanceGuest, type ConformanceGuest } from "../../generator/emit/conformance.js";
import { TARGETS, toolsOf, type Target } from "./targets.js";

export interface GuestResult {
  readonly name: string;
  readonly pass: boolean;
  readonly seconds: number;
  readonly reasons: readonly string[];
  readonly calls: readonly string[];     // "CALL ..." lines the guest printed
  readonly checks: Readonly<Record<string, "ok" | "FAIL" | "missing">>;
  readonly summary: string;              // the PASS/FAIL line
  readonly log: string;
}

export interface SuiteResult {
  readonly results: readonly GuestResult[];
  readonly skipped: readonly { readonly name: string; readonly missing: readonly string[] }[];
}

/** The repository root: the first parent with spec/ and package.json (works from build/ too). */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, "package.json")) && existsSync(join(d, "spec", "hcgen.schema.json"))) return d;
    if (dirname(d) === d) throw new Error(`test:qemu: no repository root above ${from}`);
  }
}

export function which(tool: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join(dir, tool);
    try { accessSync(p, constants.X_OK); return p; } catch { /* next */ }
  }
  return null;
}

export function missingTools(targets: readonly Target[] = TARGETS): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of targets) {
    const m = toolsOf(t).filter((x) => !which(x));
    if (m.length) out.set(t.name, m);
  }
  return out;
}

export function exec(cmd: string, args: readonly string[], cwd: string): Promise<string | null> {
  return new Promise((res) => execFile(cmd, args, { cwd, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
    res(err ? `${cmd} ${args.join(" ")}\n${stdout}${stderr}`.trim() : null)));
}

const COMMON = ["-ffreestanding", "-fno-builtin", "-nostdlib", "-fno-pic", "-O2", "-Wall", "-Wextra", "-Werror"];

/** Writes guest.c + headers, compiles and links; returns the error text or null. */
export async function build(root: string, guest: ConformanceGuest | string, t: Target, out: string, mutate?: SuiteOptions["mutate"]): Promise<string | null> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  if (typeof guest === "string") return `conformance generator: ${guest}`;
  for (const f of guest.files) writeFileSync(join(out, f.path), mutate ? mutate(f.path, f.content) : f.content);
  const src = join(root, "test", "qemu", t.dir);
  const flags = [...t.cflags, ...COMMON, `-I${out}`, `-I${src}`];
  return (await exec("clang", [...flags, "-c", join(src, "start.S"), "-o", "start.o"], out))
    ?? (await exec("clang", [...flags, "-c", "guest.c", "-o", "guest.o"], out))
    ?? (await exec("ld.lld", ["-T", join(src, "link.ld"), "-nostdlib", "-static", "start.o", "guest.o", "-o", "guest.elf"], out));
}

export function run(cmd: readonly string[], timeoutMs: number): Promise<{ code: number | null; timedOut: boolean; output: string; stderr: string; seconds: number }> {
  return new Promise((res) => {
    const t0 = performance.now();
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (b: Buffer) => { output += b.toString("latin1"); });
    child.stderr.on("data", (b: Buffer) => { const s = b.toString("latin1"); output += s; stderr += s; });
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, timeoutMs);
    child.on("error", (e) => { output += `\nspawn: ${e.message}`; stderr += `spawn: ${e.message}\n`; });
    child.on("close", (code) => {
      clearTimeout(timer);
      res({ code, timedOut, output: output.replace(/\r\n/g, "\n"), stderr: stderr.trim(), seconds: (performance.now() - t0) / 1000 });
    });
  });
}

export function evaluate(t: Target, checksExpected: readonly string[], final: string | null, r: Awaited<ReturnType<typeof run>>): Omit<GuestResult, "name" | "log" | "summary"> {
  const lines = r.output.split("\n");
  const calls = lines.filter((l) => l.startsWith("CALL "));
  const checks: Record<string, "ok" | "FAIL" | "missing"> = {};
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

export interface SuiteOptions {
  readonly root?: string;
  readonly only?: readonly string[];
  readonly quiet?: boolean;
  /** Output directory below build/ (default "qemu"). */
  readonly out?: string;
  /** Rewrites a generated file before the build: the tests break a stub on purpose to see it caught. */
  readonly mutate?: (path: string, content: string) => string;
}

export async function runSuite(opts: SuiteOptions = {}): Promise<SuiteResult> {
  const root = opts.root ?? repoRoot();
  const say = (s: string): void => { if (!opts.quiet) process.stdout.write(`${s}\n`); };
  const targets = TARGETS.filter((t) => !opts.only?.length || opts.only.includes(t.name));
  const missing = missingTools(targets);
  const skipped = [...missing].map(([name, m]) => ({ name, missing: m }));
  const runnable = targets.filter((t) => !missing.has(t.name));
  if (runnable.length === 0) return { results: [], skipped };
  const loaded = loadModel([join(root, "spec")], { cwd: root });
  if (!loaded.ok) throw new Error(`test:qemu: spec/ does not validate:\n${loaded.diagnostics.slice(0, 5).map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`).join("\n")}`);
  const base = join(root, "build", opts.out ?? "qemu");
  mkdirSync(base, { recursive: true });
  // One guest per plan (the negative control shares the hvc guest); a generator error fails its guests.
  const guests = new Map<Target, ConformanceGuest | string>();
  for (const t of TARGETS) {
    try { guests.set(t, conformanceGuest(loaded.model, t.plan)); } catch (e) { guests.set(t, (e as Error).message); }
  }
  const built = new Map<string, Promise<string | null>>();
  for (const t of runnable) {
    const b = TARGETS.find((x) => x.name === (t.elfOf ?? t.name))!;   // the negative control reuses a build
    if (!built.has(b.name)) built.set(b.name, build(root, guests.get(b)!, b, join(base, b.name), opts.mutate));
  }
  const results = await Promise.all(runnable.map(async (t): Promise<GuestResult> => {
    const from = t.elfOf ?? t.name;
    const dir = join(base, t.name);
    mkdirSync(dir, { recursive: true });
    const buildErr = await (built.get(from) ?? Promise.resolve(`no build for ${from}`));
    const g = guests.get(t)!;
    const guest = typeof g === "string" ? { checks: [], final: null } : g;
    const checks = [...t.platformChecks, ...guest.checks];
    let res: Omit<GuestResult, "name" | "log" | "summary">;
    let output = "";
    if (buildErr) {
      res = { pass: false, seconds: 0, reasons: [`build failed: ${buildErr.split("\n").slice(0, 12).join("\n      ")}`], calls: [], checks: {} };
    } else {
      const cmd = [...t.qemu, "-kernel", join(base, from, "guest.elf")];
      const r = await run(cmd, t.timeoutMs);
      output = r.output;
      writeFileSync(join(dir, "console.log"), `$ ${cmd.join(" ")}\n${output}`);
      res = evaluate(t, checks, guest.final, r);
    }
    const log = `build/${opts.out ?? "qemu"}/${t.name}/console.log`;
    const okCount = Object.values(res.checks).filter((v) => v === "ok").length;
    const summary = res.pass
      ? t.expect === "hang"
        ? `PASS ${t.name} (negative control: wrong conduit hung as it must, killed after ${res.seconds.toFixed(1)}s)`
        : `PASS ${t.name} (${res.seconds.toFixed(2)}s, ${res.calls.length} calls, ${okCount} checks, powered off by ${guest.final})`
      : `FAIL ${t.name} (${res.seconds.toFixed(2)}s): ${res.reasons.join("; ")}; log: ${log}`;
    const result: GuestResult = { name: t.name, ...res, summary, log };
    writeFileSync(join(dir, "result.json"), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  }));
  for (const r of results) {
    say(r.summary);
    if (!r.pass) for (const l of [...r.calls.slice(-8), ...Object.entries(r.checks).filter(([, v]) => v !== "ok").map(([k, v]) => `CHECK ${k} ${v}`)]) say(`    ${l}`);
  }
  writeFileSync(join(base, "results.json"), `${JSON.stringify({ results, skipped }, null, 2)}\n`);
  return { results, skipped };
}

async function main(): Promise<number> {
  const require = process.env.HCGEN_REQUIRE_QEMU === "1";
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length) { console.error(`test:qemu: unknown guest(s) ${unknown.join(", ")}; known: ${TARGETS.map((t) => t.name).join(", ")}`); return 2; }
  const selected = TARGETS.filter((t) => !only.length || only.includes(t.name));
  const missing = missingTools(selected);
  if (missing.size) {
    const tools = [...new Set([...missing.values()].flat())].join(", ");
    const msg = `missing ${tools} (install them with .ci/install-qemu-deps); not run: ${[...missing.keys()].join(", ")}`;
    if (require) console.log(`FAIL test:qemu: HCGEN_REQUIRE_QEMU=1 and ${msg}`);
    else if (missing.size === selected.length) {
      console.log(`SKIP test:qemu: ${msg}. Set HCGEN_REQUIRE_QEMU=1 to make this an error.`);
      return 0;
    } else console.log(`SKIP (some guests) test:qemu: ${msg}`);
  }
  const { results } = await runSuite({ only });
  const failed = results.filter((r) => !r.pass).length + (require ? missing.size : 0);
  console.log(`${results.length - results.filter((r) => !r.pass).length} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then((c) => { process.exitCode = c; }, (e: unknown) => { console.error(e); process.exitCode = 1; });
}

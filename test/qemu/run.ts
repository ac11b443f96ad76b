// `npm run test:qemu`: generate the C headers and a conformance guest per target (in-process, from
// spec/), build each with clang + ld.lld, run it on QEMU with a timeout, and print PASS/FAIL per
// guest and a closing "N passed, N failed". Per guest, build/qemu/<name>/ keeps the sources, the
// ELF, console.log and result.json (calls made, results seen, checks), so a failure names the call.
// Missing tools: skip with a message (exit 0), or fail when HCGEN_REQUIRE_QEMU=1.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadModel } from "../../generator/api.js";
import { conformanceGuest, type ConformanceGuest } from "../../generator/emit/conformance.js";
import { evaluate, type Verdict } from "../../generator/conform/verdict.js";
import { exec, run, which } from "../../generator/conform/tools.js";
import { buildGuest } from "../../generator/conform/build.js";
import { TARGETS, toolsOf, type Target } from "./targets.js";

// The tools and the verdict live in generator/conform/ (hcgen conform uses them too).
export { evaluate, exec, run, which };

export interface GuestResult extends Verdict {
  readonly name: string;
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

export function missingTools(targets: readonly Target[] = TARGETS): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of targets) {
    const m = toolsOf(t).filter((x) => !which(x));
    if (m.length) out.set(t.name, m);
  }
  return out;
}


/** Writes guest.c + headers, compiles and links; returns the error text or null. */
export async function build(root: string, guest: ConformanceGuest | string, t: Target, out: string, mutate?: SuiteOptions["mutate"]): Promise<string | null> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  if (typeof guest === "string") return `conformance generator: ${guest}`;
  const files = mutate ? guest.files.map((f) => ({ path: f.path, content: mutate(f.path, f.content) })) : guest.files;
  const src = join(root, "test", "qemu", t.dir);
  return buildGuest({ files, out, cflags: t.cflags, boot: t.boot ? join(root, t.boot) : src, platform: src });
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
    let res: Verdict;
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

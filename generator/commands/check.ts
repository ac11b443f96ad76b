import { checkParts, formatCheckReport } from "../pipeline/check.js";
import { OutputError } from "../pipeline/fsops.js";
import { completeInterrupted } from "../pipeline/journal.js";
import { loadSpecs, storeServesAll, streamLoaded, type PrepareOptions } from "../pipeline/run.js";
import { lateHelperPays, releaseHelpers, splitParts, startHelpers, type RenderSplit } from "../pipeline/render-helper.js";
import type { Model } from "../model.js";
import { JOBS_HELP, parseJobs } from "../pipeline/jobs.js";
import { printDiagnostics as printSpecDiagnostics } from "./report.js";
import { SHARED_HELP, SHARED_OPTIONS, sharedArgs, type SharedArgs } from "../pipeline/options.js";
import type { Io } from "./io.js";
import { parse, type Command } from "./command.js";
import { UsageError } from "../diagnostics.js";
import { PACKAGE_ROOT } from "../package-root.js";
import { resolve } from "node:path";

export const check: Command = {
  name: "check",
  summary: "verify that the generated files are up to date with the specs (for CI)",
  help: `usage: hcgen check [--config FILE] [--spec PATH] [--out DIR] [--only ts,c,docs,json] [files or directories...]

Regenerates in memory and compares with DIR (default: generated). Writes nothing. When something is
out of date it lists each stale file with the lines that differ (a short unified diff) and the spec
that changed, missing files and owned files that are no longer generated, and the command to fix it.

options:
${SHARED_HELP}
  --format text|json      json prints one object: {"format": "hcgen-check/1", "upToDate", "stale",
                          "missing", "extra", "manifestStale", "diagnostics"} on stdout, plus
                          "problem" (and "fix") when something stopped the comparison
${JOBS_HELP}
  -h, --help              show this help

Exit status: 0 up to date, 1 out of date or invalid spec, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { ...SHARED_OPTIONS, format: { type: "string", default: "text" }, jobs: { type: "string" } });
    if (values.format !== "text" && values.format !== "json") throw new UsageError(`unknown --format '${values.format}' (choose text or json)`);
    const jobs = parseJobs(values.jobs);
    const a = sharedArgs(values, positionals, io);
    const opts = { inputs: a.inputs, cwd: a.root, emitters: a.emitters, options: a.options, storeDir: a.storeDir };
    // Helper threads render and hash a share of the emitters (render-helper.ts), loading the specs
    // meanwhile; or, when the spec store serves every spec (quick to load), started after loading.
    const late = jobs === undefined && storeServesAll(opts);
    const helpers = { split: late ? null : startHelpers({ inputs: a.inputs, cwd: a.root, opts, outDir: a.outDir, mode: "digest", jobs }),
      late: (model: Model) => (late && lateHelperPays(model) ? startHelpers({ inputs: a.inputs, cwd: a.root, opts, outDir: a.outDir, mode: "digest", jobs }) : null) };
    try { return checkLoaded(a, args, io, opts, helpers, values.format); } finally { releaseHelpers(helpers.split); }
  },
};

function checkLoaded(a: SharedArgs, args: readonly string[], io: Io, opts: PrepareOptions,
  helpers: { split: RenderSplit | null; late: (model: Model) => RenderSplit | null }, format: string): number {
  const prepared = loadSpecs(opts);
  if (prepared.ok && helpers.split === null) helpers.split = helpers.late(prepared.model);
  const split = helpers.split;
  // Compared one emitter part at a time (check.ts checkParts): one part's files in memory at once.
  const compare = () => checkParts(a.outDir, split ? splitParts(split, prepared, opts) : streamLoaded(prepared, opts), prepared.kinds, prepared.specs);
  if (format === "json") {
    const r = prepared.ok ? compare() : null;
    io.out(JSON.stringify({ format: "hcgen-check/1", out: a.outShown, upToDate: r?.ok ?? false,
      stale: (r?.stale ?? []).map((f) => ({ path: f.path, reason: f.reason, changedSpecs: f.changedSpecs, sources: f.sources })),
      missing: r?.missing ?? [], extra: r?.extra ?? [], manifestStale: r?.manifestStale ?? false, diagnostics: prepared.diagnostics,
      // What stopped the comparison (an unreadable file, a bad manifest), and its fix when regenerating would not.
      ...(r?.problem !== undefined ? { problem: r.problem } : {}), ...(r?.fix !== undefined ? { fix: r.fix } : {}) }, null, 2) + "\n");
    return r?.ok ? 0 : 1;
  }
  printSpecDiagnostics(io, prepared.diagnostics);
  if (!prepared.ok) return 1;
  // A generate killed after its commit point left a journal: finish it, so the set checked is the
  // one that run committed (old-or-new, never a mix).
  try {
    if (completeInterrupted(a.outDir)) io.err(`hcgen check: completed the switch of an interrupted generate in ${a.outShown} first\n`);
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    io.err(`hcgen check: ${a.outShown} holds an interrupted generate that cannot be completed: ${e.message}\n`);
    return 1;
  }
  const result = compare();
  if (result.ok) {
    io.out(`hcgen check: ${a.outShown} is up to date (${result.total ?? 0} files)\n`);
    return 0;
  }
  // The fix repeats the user's own arguments, so it regenerates exactly what was checked.
  // In a clone of hcgen itself npx would fetch and build a second copy first: name the local launcher.
  const launcher = resolve(io.cwd) === resolve(PACKAGE_ROOT) ? "node bin/hcgen.js" : "npx hcgen";
  const fix = [`${launcher} generate`, ...args.map((x) => (/^[\w./,=:@-]+$/.test(x) ? x : `'${x.replace(/'/g, "'\\''")}'`))].join(" ");
  io.err(formatCheckReport(result, a.outShown, fix));
  return 1;
}

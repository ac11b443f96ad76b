import { checkOutputs, formatCheckReport } from "../pipeline/check.js";
import { OutputError } from "../pipeline/fsops.js";
import { completeInterrupted } from "../pipeline/journal.js";
import { printDiagnostics, prepare } from "../pipeline/run.js";
import { SHARED_HELP, SHARED_OPTIONS, sharedArgs } from "../pipeline/options.js";
import { parse, type Command } from "./command.js";

export const check: Command = {
  name: "check",
  summary: "verify that the generated files are up to date with the specs (for CI)",
  help: `usage: hcgen check [--config FILE] [--spec PATH] [--out DIR] [--only ts,c,docs,json] [files or directories...]

Regenerates in memory and compares with DIR (default: generated). Writes nothing. When something is
out of date it lists each stale file with the lines that differ (a short unified diff) and the spec
that changed, missing files and owned files that are no longer generated, and the command to fix it.

options:
${SHARED_HELP}
  -h, --help              show this help

Exit status: 0 up to date, 1 out of date or invalid spec, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parse(args, SHARED_OPTIONS);
    const a = sharedArgs(values, positionals, io);
    const prepared = prepare({ inputs: a.inputs, cwd: a.root, emitters: a.emitters, options: a.options });
    printDiagnostics(prepared.diagnostics, (s) => io.err(s));
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
    const result = checkOutputs(a.outDir, prepared.files, prepared.kinds, prepared.specs);
    if (result.ok) {
      io.out(`hcgen check: ${a.outShown} is up to date (${prepared.files.length} files)\n`);
      return 0;
    }
    // The fix repeats the user's own arguments, so it regenerates exactly what was checked.
    const fix = ["npx hcgen generate", ...args.map((x) => (/^[\w./,=:@-]+$/.test(x) ? x : `'${x.replace(/'/g, "'\\''")}'`))].join(" ");
    io.err(formatCheckReport(result, a.outShown, fix));
    return 1;
  },
};

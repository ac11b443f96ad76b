import { watchLoop } from "../pipeline/watch.js";
import { SHARED_HELP, SHARED_OPTIONS, sharedArgs } from "../pipeline/options.js";
import { parse, type Command } from "./command.js";
import { printDiagnostics } from "./report.js";

export const watch: Command = {
  name: "watch",
  summary: "regenerate whenever a spec changes (Ctrl-C to stop)",
  help: `usage: hcgen watch [--config FILE] [--spec PATH] [--out DIR] [--only ts,c,docs,json] [--force] [files or directories...]

Generates once, then watches the spec files (default: ./spec/*.yaml) and regenerates on every
change, like \`hcgen generate\`. Each run prints the spec that changed, what was written and how
long it took. An invalid spec is reported and nothing is written; watch keeps running and picks up
the next edit.

After a save it first writes the edited ABI's own files, then everything else. Like generate it is
incremental: only the emitter parts of the specs that changed (and the cross-ABI files) run again;
the first run takes up-to-date parts from the output directory's manifest (not with --force).

options:
${SHARED_HELP}
  --force                 overwrite files at output paths even if hcgen did not generate them;
                          the first run also emits everything
  -h, --help              show this help`,
  async run(args, io) {
    const { values, positionals } = parse(args, { ...SHARED_OPTIONS, force: { type: "boolean", default: false } });
    const a = sharedArgs(values, positionals, io);
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once("SIGINT", onSigint);
    process.once("SIGTERM", onSigint);
    try {
      await watchLoop({ inputs: a.inputs, cwd: a.root, outDir: a.outDir, emitters: a.emitters, options: a.options, storeDir: a.storeDir,
        force: values.force ?? false, signal: ac.signal, out: (s) => io.out(s), err: (s) => io.err(s),
        report: (diags) => printDiagnostics(io, diags) });
    } finally {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigint);
    }
    io.out("hcgen watch: stopped\n");
    return 0;
  },
};

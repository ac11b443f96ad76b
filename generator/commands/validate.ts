import { loadModel } from "../api.js";
import { commandStore, NO_CACHE_OPTION, noCacheHelp } from "./store.js";
import { printDiagnostics as printSpecDiagnostics } from "./report.js";
import { CODES, UsageError } from "../diagnostics.js";
import { CONFIG_OPTION, configHelp, parse, specInputs, type Command } from "./command.js";
import type { Io } from "./io.js";

const codeList = Object.entries(CODES).map(([c, t]) => `  ${c}  ${t}`).join("\n");

export const validate: Command = {
  name: "validate",
  summary: "check spec files against the schema and the semantic rules",
  help: `usage: hcgen validate [--format text|json] [--config FILE] [--no-cache] [files or directories...]

Validates hypercall ABI specs (default: the spec of hcgen.config.yaml, else every *.yaml in ./spec).
Every problem is reported as
  FILE:LINE:COL: error HCnnn: message (at field.path)
    hint: how to fix it
Exit status: 0 valid, 1 invalid, 2 usage error.

options:
  --format text|json   json prints the diagnostics as a JSON array
${configHelp(23)}
${noCacheHelp(23)}
  -h, --help           show this help

diagnostic codes:
${codeList}`,
  async run(args, io: Io) {
    const { values, positionals } = parse(args, { format: { type: "string", default: "text" }, ...CONFIG_OPTION, ...NO_CACHE_OPTION });
    if (values.format !== "text" && values.format !== "json") throw new UsageError(`unknown --format '${values.format}' (choose text or json)`);
    const inputs = specInputs(positionals, io, values.config);
    const result = loadModel(inputs, { cwd: io.cwd, store: commandStore(values, io) });
    if (values.format === "json") {
      io.out(JSON.stringify(result.diagnostics, null, 2) + "\n");
    } else {
      printSpecDiagnostics(io, result.diagnostics);
      if (!result.diagnostics.some((d) => d.severity === "error")) io.out(`ok: ${result.model.abis.length} ABI${result.model.abis.length === 1 ? "" : "s"}, ${result.model.abis.reduce((s, a) => s + a.calls.length, 0)} calls\n`);
    }
    return result.ok ? 0 : 1;
  },
};

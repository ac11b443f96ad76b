import { loadModel } from "../api.js";
import { printDiagnostics as printSpecDiagnostics } from "./report.js";
import { UsageError } from "../diagnostics.js";
import { exportJson } from "../export.js";
import { CONFIG_OPTION, configHelp, parse, specInputs, type Command } from "./command.js";
import { commandStore, NO_CACHE_OPTION, noCacheHelp } from "./store.js";

export const model: Command = {
  name: "model",
  summary: "print the normalized model as JSON (a stable export for other tools)",
  help: `usage: hcgen model --json [--abi ID] [--config FILE] [--no-cache] [files or directories...]

Prints the validated, normalized model (format "hcgen-model/1", described by spec/model.schema.json).
Every register-sized value is a hex string ("0x84000008"; negative values "-0x3e8"), instruction bytes
are hex pairs in memory order ("0f 01 d9"). For every call and arch, "selector" holds the exact
selector register values and "argRegs" the argument registers.

options:
  --json           JSON output (the only format; required so scripts say what they expect)
  --abi ID         only this ABI
${configHelp(19)}
${noCacheHelp(19)}
  -h, --help       show this help

Specs: the files or directories given, else the spec of hcgen.config.yaml, else ./spec.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: "boolean", default: false }, abi: { type: "string" }, ...CONFIG_OPTION, ...NO_CACHE_OPTION });
    if (!values.json) throw new UsageError("pass --json (the model is printed as JSON)");
    const result = loadModel(specInputs(positionals, io, values.config), { cwd: io.cwd, store: commandStore(values, io) });
    if (!result.ok) {
      printSpecDiagnostics(io, result.diagnostics, "all", false);
      return 1;
    }
    if (values.abi && !result.model.abis.some((a) => a.id === values.abi)) {
      throw new UsageError(`no ABI with id '${values.abi}' (known: ${result.model.abis.map((a) => a.id).join(", ")})`);
    }
    io.out(exportJson(result.model, values.abi));
    return 0;
  },
};

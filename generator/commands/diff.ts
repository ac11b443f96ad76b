import { statSync } from "node:fs";
import { printDiagnostics as printSpecDiagnostics } from "./report.js";
import { dirname } from "node:path";
import { loadModel } from "../api.js";
import { commandStore, NO_CACHE_OPTION, noCacheHelp } from "./store.js";
import { UsageError } from "../diagnostics.js";
import { loadAgainst } from "../evolution/against.js";
import { compareModels } from "../evolution/compare.js";
import { renderGithub, renderJson, renderText, summarize, type Format } from "../evolution/report.js";
import { BREAKING_RULES, COMPATIBLE_RULES } from "../evolution/rules.js";
import { CONFIG_OPTION, configHelp, parse, specInputs, type Command } from "./command.js";

const ruleList = (rules: Record<string, string>) => Object.entries(rules).map(([r, t]) => `  ${r.padEnd(19)} ${t}`).join("\n");

export const diff: Command = {
  name: "diff",
  summary: "compare the specs with another version and flag breaking ABI changes",
  help: `usage: hcgen diff --against <git ref | directory | file> [--format text|json|github] [--config FILE] [--no-cache] [files or directories...]

Compares the current specs (default: the spec of hcgen.config.yaml, else ./spec) with another
version: a git revision (its spec files are read at the same path, e.g. --against origin/main), a
directory, or one spec file. Every change is classified and reported at its line in the current spec.

Breaking changes (exit 1 unless acknowledged):
${ruleList(BREAKING_RULES)}
Compatible changes:
${ruleList(COMPATIBLE_RULES)}

A deliberate break is acknowledged in the current spec (and so reviewed with it):
  acknowledged_breaks:
    - { rule: call-renumbered, name: KVM_HC_FOO, reason: "never shipped; renumbered before 1.0" }
\`name\` is the call, error, magic value or arch; without it the entry covers every change of the rule.

options:
  --against REF|PATH      the version to compare with (required)
  --format text|json|github
                          github prints ::error/::warning/::notice workflow annotations
${configHelp(26)}
${noCacheHelp(26)}
  -h, --help              show this help

Exit status: 0 no unacknowledged breaking change, 1 breaking change or invalid spec, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { against: { type: "string" }, format: { type: "string", default: "text" }, ...CONFIG_OPTION, ...NO_CACHE_OPTION });
    if (!values.against) throw new UsageError("--against is required (a git ref, a directory or a spec file)");
    const format = (values.format ?? "text") as Format;
    if (!["text", "json", "github"].includes(format)) throw new UsageError(`unknown --format '${format}' (text, json or github)`);
    const inputs = specInputs(positionals, io, values.config);
    const store = commandStore(values, io);
    const current = loadModel(inputs, { cwd: io.cwd, lock: false, store });
    const first = inputs[0]!;
    const specDir = statSync(first, { throwIfNoEntry: false })?.isDirectory() ? first : dirname(first);
    const other = loadAgainst(values.against, specDir, io.cwd, store);
    let bad = false;
    for (const [side, r] of [["current", current], [values.against, other.result]] as const) {
      if (r.ok) continue;
      bad = true;
      io.err(`hcgen diff: the ${side === "current" ? "current specs do" : `specs at ${side} do`} not validate:\n`);
      printSpecDiagnostics(io, r.diagnostics, "errors", false);
    }
    if (bad) return 1;
    const changes = compareModels(other.result, current);
    const render = format === "json" ? renderJson : format === "github" ? renderGithub : renderText;
    io.out(render(changes, other.label));
    return summarize(changes).breaking > 0 ? 1 : 0;
  },
};

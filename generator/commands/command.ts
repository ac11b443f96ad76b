import { parseArgs, type ParseArgsConfig } from "node:util";
import { statSync } from "node:fs";
import { CONFIG_FILE, resolveConfig } from "../config.js";
import { UsageError } from "../diagnostics.js";
import { closest, didYouMean } from "../suggest.js";
import { ARCH_NAMES } from "../arches.js";
import type { ArchName } from "../model.js";
import type { Io } from "./io.js";

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  run(args: readonly string[], io: Io): Promise<number>;
}

/** node:util parseArgs with strict checking; unknown options become usage errors (exit 2). */
type Options = NonNullable<ParseArgsConfig["options"]>;
export function parse<T extends Options>(args: readonly string[], options: T, allowPositionals = true): {
  values: { [K in keyof T]: T[K] extends { type: "boolean" } ? boolean | undefined : string | undefined };
  positionals: string[];
} {
  let r;
  try {
    r = parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(parseError(e as Error & { code?: string }, Object.keys(options), args));
  }
  return { values: r.values as never, positionals: r.positionals };
}

/** node:util parseArgs's complaint, in hcgen's words, with the closest known option. */
function parseError(e: Error & { code?: string }, known: readonly string[], args: readonly string[]): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? "";
  // --color is every command's (main takes it out before parsing): listed, and suggested for --colour.
  const flags = [...known.map((k) => `--${k}`), "--color", "--help"];
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const opt = quoted.startsWith("-") ? quoted.split("=")[0]! : args.find((a) => a.startsWith("-") && !flags.includes(a.split("=")[0]!)) ?? quoted;
      const near = closest(opt.replace(/^-+/, ""), [...known, "color", "help"]);
      return `unknown option ${opt}${near ? ` (did you mean --${near}?)` : ""}; options: ${flags.join(", ")}`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const opt = quoted.split(" ")[0]!;
      return /does not take an argument/.test(e.message) ? `${opt} takes no value` : `${opt} needs a value (${opt} VALUE)`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument '${quoted}': this command takes only options`;
    default:
      return e.message;
  }
}

/** An --arch value: one of hcgen's arch names, else a usage error naming the closest one. */
export function archOption(given: string): ArchName {
  if ((ARCH_NAMES as readonly string[]).includes(given)) return given as ArchName;
  throw new UsageError(`unknown arch '${given}'${didYouMean(given, ARCH_NAMES)}; arches: ${ARCH_NAMES.join(", ")}`);
}

/** An --abi value: the id of an ABI in the specs, else a usage error naming the closest one. */
export function abiOption<T extends { readonly id: string }>(given: string, abis: readonly T[]): T {
  const abi = abis.find((a) => a.id === given);
  if (abi) return abi;
  const ids = abis.map((a) => a.id);
  throw new UsageError(`no ABI '${given}'${didYouMean(given, ids)}; the specs define: ${ids.join(", ")}`);
}

/** `--config FILE`, for every command that reads specs. */
export const CONFIG_OPTION = { config: { type: "string" } } as const;
/** The help line of --config, its description starting at column `col` like the command's other options. */
export function configHelp(col: number): string {
  return `${"  --config FILE".padEnd(col - 1)} project configuration (default: ./${CONFIG_FILE} when it exists);
${" ".repeat(col)}its \`spec\` names the specs when none are given on the command line`;
}

/**
 * The spec inputs of a command: the ones named on its command line, else the `spec` of
 * hcgen.config.yaml (from --config, or found in the cwd), else ./spec. An invalid config is a usage
 * error listing every problem at its position; so is a missing default ./spec.
 */
export function specInputs(named: readonly string[], io: Io, config?: string): string[] {
  return [...resolveConfig(io.cwd, { config, spec: named }).spec];
}

/**
 * The one spec directory of a command that writes next to the specs (allocate's lockfile): the flag,
 * else the config's `spec` when it is a single directory, else ./spec.
 */
export function specDirectory(flag: string | undefined, io: Io, config?: string): string {
  const inputs = specInputs(flag === undefined ? [] : [flag], io, config);
  const dirs = inputs.filter((p) => statSync(p, { throwIfNoEntry: false })?.isDirectory());
  if (inputs.length !== 1 || dirs.length !== 1) {
    throw new UsageError(flag === undefined
      ? `the config's spec names ${inputs.length === 1 ? "a file" : `${inputs.length} paths`}, but this command needs one spec directory; pass --dir DIR`
      : `${flag} is not a directory`);
  }
  return dirs[0]!;
}

import { parseArgs, type ParseArgsConfig } from "node:util";
import { statSync } from "node:fs";
import { CONFIG_FILE, resolveConfig } from "../config.js";
import { UsageError } from "../diagnostics.js";
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
  const r = parseArgs({ args: [...args], options, allowPositionals, strict: true });
  return { values: r.values as never, positionals: r.positionals };
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

import { parseArgs, type ParseArgsConfig } from "node:util";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
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

/** The spec inputs of a command: its positionals, or ./spec when none are given. */
export function specInputs(positionals: readonly string[], io: Io): string[] {
  if (positionals.length > 0) return positionals.map((p) => resolve(io.cwd, p));
  const dflt = resolve(io.cwd, "spec");
  if (!existsSync(dflt)) throw new UsageError("no spec files given and there is no ./spec directory");
  return [dflt];
}

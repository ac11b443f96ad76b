// The command table. Each command lives in its own module, imported only when that command runs:
// `hcgen generate` then loads the pipeline and the emitters, not serve, conform, decode, trace or
// the evolution rules (issue 16: module loading was a sixth of a cold generate). Add new ones here.
import type { Command } from "./command.js";

const MODULES: Readonly<Record<string, () => Promise<Command>>> = {
  init: async () => (await import("./init.js")).init,
  validate: async () => (await import("./validate.js")).validate,
  model: async () => (await import("./model.js")).model,
  generate: async () => (await import("./generate.js")).generate,
  check: async () => (await import("./check.js")).check,
  watch: async () => (await import("./watch.js")).watch,
  allocate: async () => (await import("./allocate.js")).allocate,
  diff: async () => (await import("./diff.js")).diff,
  decode: async () => (await import("./decode.js")).decode,
  trace: async () => (await import("./trace.js")).trace,
  serve: async () => (await import("./serve.js")).serve,
  conform: async () => (await import("./conform.js")).conform,
};

/** Every command's name, in the order `hcgen --help` lists them. */
export const COMMAND_NAMES: readonly string[] = Object.keys(MODULES);

/** The command called `name` (its module loaded now), or undefined when there is none. */
export function loadCommand(name: string): Promise<Command> | undefined {
  return Object.hasOwn(MODULES, name) ? MODULES[name]!() : undefined;
}

/** Every command, for the overview (the only place that needs them all). */
export function loadAllCommands(): Promise<Command[]> {
  return Promise.all(COMMAND_NAMES.map((n) => MODULES[n]!()));
}

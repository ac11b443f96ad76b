// Options shared by generate, check and watch, parsed the same way for all three: settings.ts, plus
// the emitters they select (loading this module loads every emitter).
import type { Io } from "../commands/io.js";
import type { Emitter } from "../emit/types.js";
import { selectEmitters } from "./run.js";
import { sharedSettings, type SharedSettings, type SharedValues } from "./settings.js";

export { progress, SHARED_HELP, SHARED_OPTIONS } from "./settings.js";

export interface SharedArgs extends SharedSettings {
  readonly emitters: Emitter[];
}

export function sharedArgs(values: SharedValues, positionals: readonly string[], io: Io): SharedArgs {
  const s = sharedSettings(values, positionals, io);
  return { ...s, emitters: selectEmitters(s.only) };
}

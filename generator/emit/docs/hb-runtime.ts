// The Handlebars runtime alone (no parser or compiler): what rendering precompiled templates needs.
// Loading it costs a fifth of loading the whole package. Types come from the full package: the
// runtime object is the same API minus compile/precompile.
import { createRequire } from "node:module";
import type HandlebarsFull from "handlebars";

const require = createRequire(import.meta.url);

export type HB = typeof HandlebarsFull;
export const HandlebarsRuntime = require("handlebars/runtime") as HB;
/** The full package (parser + compiler), loaded only when templates have to be compiled. */
export const loadHandlebarsCompiler = (): HB => require("handlebars") as HB;

// Every emitter hcgen runs, in a fixed order. `--only ts,c,docs,json` selects by kind.
import { cEmitter } from "./c.js";
import { jsonEmitter } from "./json.js";
import type { Emitter, OutputKind } from "./types.js";

export const EMITTERS: readonly Emitter[] = [cEmitter, jsonEmitter];

export const OUTPUT_KINDS: readonly OutputKind[] = ["ts", "c", "docs", "json"];

// Every emitter hcgen runs, in a fixed order. `--only ts,c,docs,json` selects by kind.
import { cEmitter } from "./c.js";
import { cDispatchEmitter } from "./c-dispatch.js";
import { docsEmitter } from "./docs.js";
import { jsonEmitter } from "./json.js";
import { tsEmitter } from "./ts.js";
import type { Emitter } from "./types.js";

export const EMITTERS: readonly Emitter[] = [tsEmitter, cEmitter, cDispatchEmitter, docsEmitter, jsonEmitter];

export { OUTPUT_KINDS } from "../output-kinds.js";

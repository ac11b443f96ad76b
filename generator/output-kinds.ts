// The output kinds `--only` and a config's `outputs` name, in emitter order. Kept apart from
// emit/index.ts (which re-exports it) so that parsing options, the config and the manifest does not
// load every emitter: an up-to-date `hcgen generate` never runs one (pipeline/up-to-date.ts).
import type { OutputKind } from "./emit/types.js";

export const OUTPUT_KINDS: readonly OutputKind[] = ["ts", "c", "docs", "json"];

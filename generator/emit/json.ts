// The JSON emitter: the documented model export (generator/export.ts, format "hcgen-model/1",
// described by spec/model.schema.json) as files, so tools can read the model without running hcgen.
// One file per ABI (each a complete export holding just that ABI, so one schema covers both) and
// one for the whole model. The pipeline adds the "$comment" header key.
import { exportJson } from "../export.js";
import { emitterFromParts } from "./parts.js";
import type { Emitter, GeneratedFile } from "./types.js";

export const jsonEmitter: Emitter = emitterFromParts("json", {
  // Each per-ABI file is the export of a model holding just that ABI.
  abi: (abi): GeneratedFile[] => [{ path: `json/${abi.id}.json`, content: exportJson({ hcgen: 1, abis: [abi] }, abi.id), sources: [abi.file] }],
  shared: (model): GeneratedFile[] => [{ path: "json/model.json", content: exportJson(model), sources: model.abis.map((a) => a.file) }],
});

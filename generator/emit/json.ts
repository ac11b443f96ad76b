// The JSON emitter: the documented model export (generator/export.ts, format "hcgen-model/1",
// described by spec/model.schema.json) as files, so tools can read the model without running hcgen.
// One file per ABI (each a complete export holding just that ABI, so one schema covers both) and
// one for the whole model. The pipeline adds the "$comment" header key.
import { exportJson } from "../export.js";
import type { Emitter, GeneratedFile } from "./types.js";

export const jsonEmitter: Emitter = {
  kind: "json",
  emit(model) {
    const files: GeneratedFile[] = model.abis.map((abi) => ({
      path: `json/${abi.id}.json`,
      content: exportJson(model, abi.id),
      sources: [abi.file],
    }));
    files.push({ path: "json/model.json", content: exportJson(model), sources: model.abis.map((a) => a.file) });
    return files;
  },
};

// The JSON emitter: the documented model export (generator/export.ts, format "hcgen-model/1",
// described by spec/model.schema.json) as files, so tools can read the model without running hcgen.
// One file per ABI (each a complete export holding just that ABI, so one schema covers both) and
// one for the whole model, put together from the same serialized ABIs. The pipeline adds the "$comment" header key.
import { abiJsonText, exportJsonOf } from "../export.js";
import type { Emitter, GeneratedFile } from "./types.js";

export const jsonEmitter: Emitter = {
  kind: "json",
  emit(model) {
    // Each ABI serialized once, for its own file and for model.json.
    const texts = model.abis.map(abiJsonText);
    const files: GeneratedFile[] = model.abis.map((abi, i) => ({
      path: `json/${abi.id}.json`,
      content: exportJsonOf([texts[i]!]),
      sources: [abi.file],
    }));
    files.push({ path: "json/model.json", content: exportJsonOf(texts), sources: model.abis.map((a) => a.file) });
    return files;
  },
};

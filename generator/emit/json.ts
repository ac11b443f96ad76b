// The JSON emitter: the documented model export (generator/export.ts, format "hcgen-model/1",
// described by spec/model.schema.json) as files, so tools can read the model without running hcgen.
// One file per ABI (each a complete export holding just that ABI, so one schema covers both) and
// one for the whole model, put together from the same serialized ABIs. The pipeline adds the "$comment" header key.
import { abiJsonText, exportJsonOf } from "../export.js";
import type { Abi } from "../model.js";
import { emitterFromParts } from "./parts.js";
import type { Emitter, GeneratedFile } from "./types.js";

// Each ABI serialized once, for its own file and for model.json (at 10k calls that text is 80 MB).
// Keyed by the Abi object: a new model (another run, a watch cycle) serializes again.
const texts = new WeakMap<Abi, string>();
function textOf(abi: Abi): string {
  let t = texts.get(abi);
  if (t === undefined) { t = abiJsonText(abi); texts.set(abi, t); }
  return t;
}

export const jsonEmitter: Emitter = emitterFromParts("json", {
  abi: (abi): GeneratedFile[] => [{ path: `json/${abi.id}.json`, content: exportJsonOf([textOf(abi)]), sources: [abi.file] }],
  shared: (model): GeneratedFile[] => [{ path: "json/model.json", content: exportJsonOf(model.abis.map(textOf)), sources: model.abis.map((a) => a.file) }],
});

// The JSON emitter: the documented model export (generator/export.ts, format "hcgen-model/1",
// described by spec/model.schema.json) as files, so tools can read the model without running hcgen.
// One file per ABI (each a complete export holding just that ABI, so one schema covers both) and
// one for the whole model. Both are streamed (emit/chunked.ts): at 10k calls each is 80 MB, made and
// written one call at a time, so model.json serializes the ABIs again rather than keep their text.
// The pipeline adds the "$comment" header key.
import { exportPieces } from "../export.js";
import { chunkedFile } from "./chunked.js";
import { emitterFromParts } from "./parts.js";
import type { Emitter, GeneratedFile } from "./types.js";

export const jsonEmitter: Emitter = emitterFromParts("json", {
  abi: (abi): GeneratedFile[] => [chunkedFile(`json/${abi.id}.json`, [abi.file], () => exportPieces([abi]))],
  shared: (model): GeneratedFile[] => [chunkedFile("json/model.json", model.abis.map((a) => a.file), () => exportPieces(model.abis))],
});

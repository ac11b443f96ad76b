// The JSON emitter: the documented model export (generator/export.ts, format "hcgen-model/1",
// described by spec/model.schema.json) as files, so tools can read the model without running hcgen.
// One file per ABI (each a complete export holding just that ABI, so one schema covers both) and
// one for the whole model. Both are streamed (emit/chunked.ts): at 10k calls each is 80 MB, made and
// written one call at a time, so model.json serializes the ABIs again rather than keep their text
// (but takes the text of the files it reuses from disk).
// The pipeline adds the "$comment" header key.
import { exportPieces } from "../export.js";
import { chunkedFile } from "./chunked.js";
import { emitterFromParts } from "./parts.js";
import type { Emitter, GeneratedFile } from "./types.js";

export const jsonEmitter: Emitter = emitterFromParts("json", {
  abi: (abi): GeneratedFile[] => [chunkedFile(`json/${abi.id}.json`, [abi.file], () => exportPieces([abi]))],
  // An ABI whose json/<abi>.json is reused from disk: its text there is the very one model.json holds
  // for it (each file is a whole export), so it is sliced out rather than serialized again (the
  // catalog's model.json is 3.8 MB; with one spec changed, serializing the nine others was ~20 ms).
  shared: (model, _options, reused): GeneratedFile[] => [chunkedFile("json/model.json", model.abis.map((a) => a.file),
    () => exportPieces(model.abis, reused && ((abi) => exportedAbiText(reused(`json/${abi.id}.json`)))))],
});

const OPENING = /^\{\n {2}"\$comment": "[^\n]*",\n {2}"format": "hcgen-model\/1",\n {2}"abis": \[\n/;
const CLOSING = "\n  ]\n}\n";

/** The one ABI of a json/<abi>.json text as it stands in an export's list (its indent included), or null when the text is not one. */
export function exportedAbiText(text: string | null): string | null {
  if (text === null || !text.endsWith(CLOSING)) return null;
  const open = OPENING.exec(text);
  if (open === null) return null;
  const body = text.slice(open[0].length, text.length - CLOSING.length);
  // One ABI: an object opened at four spaces, closed at four spaces once, at the end (strings hold no raw newline).
  return body.startsWith("    {\n") && body.indexOf("\n    }") === body.length - 6 ? body : null;
}

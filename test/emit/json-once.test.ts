// The JSON emitter serializes each ABI once and builds json/<abi>.json and json/model.json from the
// same text (issue 16: at 10k calls each is 80 MB). Those files must stay byte for byte what
// JSON.stringify of the export gives: for the whole catalog, for each ABI alone, and for no ABI.
import { describe, expect, it } from "vitest";
import { abiJsonText, exportJson, exportJsonOf, exportModel } from "../../generator/export.js";
import { jsonEmitter } from "../../generator/emit/json.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { loadCatalog } from "../helpers/catalog.js";

const direct = (v: unknown) => JSON.stringify(v, null, 2) + "\n";

describe("JSON export from once-serialized ABIs", () => {
  const { model } = loadCatalog();
  it("model.json and every per-ABI file equal JSON.stringify of the export", () => {
    const files = new Map(jsonEmitter.emit(model, DEFAULT_EMIT_OPTIONS).map((f) => [f.path, f.content]));
    expect(files.get("json/model.json")).toBe(direct(exportModel(model)));
    expect(model.abis.length).toBeGreaterThan(5);
    for (const abi of model.abis) expect(files.get(`json/${abi.id}.json`), abi.id).toBe(direct(exportModel(model, abi.id)));
    expect(exportJson(model)).toBe(direct(exportModel(model)));
  });
  it("an export with no ABI", () => {
    expect(exportJsonOf([])).toBe(direct({ format: "hcgen-model/1", abis: [] }));
    expect(exportJson({ ...model, abis: [] })).toBe(direct(exportModel({ ...model, abis: [] })));
  });
  it("a multi-line string value keeps its escapes (no raw newline is re-indented)", () => {
    const abi = model.abis.find((a) => JSON.stringify(exportModel(model, a.id)).includes("\\n"))!;
    expect(abi).toBeDefined();
    expect(exportJsonOf([abiJsonText(abi)])).toBe(direct(exportModel(model, abi.id)));
  });
});

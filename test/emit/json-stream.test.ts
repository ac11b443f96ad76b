// The JSON emitter streams each export (issue 16: at 10k calls json/<abi>.json and json/model.json
// are 80 MB each) one call at a time. The joined pieces must stay byte for byte what JSON.stringify
// of the export gives: for the whole catalog, for each ABI alone, and for no ABI.
import { describe, expect, it } from "vitest";
import { exportJson, exportModel, exportPieces } from "../../generator/export.js";
import { jsonEmitter } from "../../generator/emit/json.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { loadCatalog } from "../helpers/catalog.js";

const direct = (v: unknown) => JSON.stringify(v, null, 2) + "\n";

describe("JSON export as pieces", () => {
  const { model } = loadCatalog();
  it("model.json and every per-ABI file equal JSON.stringify of the export", () => {
    const files = new Map(jsonEmitter.emit(model, DEFAULT_EMIT_OPTIONS).map((f) => [f.path, f.content]));
    expect(files.get("json/model.json")).toBe(direct(exportModel(model)));
    expect(model.abis.length).toBeGreaterThan(5);
    for (const abi of model.abis) expect(files.get(`json/${abi.id}.json`), abi.id).toBe(direct(exportModel(model, abi.id)));
    expect(exportJson(model)).toBe(direct(exportModel(model)));
  });
  it("the files are streamed: many pieces, none more than a twentieth of the file, joined again on each call", () => {
    const file = jsonEmitter.emit(model, DEFAULT_EMIT_OPTIONS).find((f) => f.path === "json/model.json")!;
    expect(file.chunks).toBeDefined();
    const pieces = [...file.chunks!()];
    const calls = model.abis.reduce((n, a) => n + a.calls.length, 0);
    expect(pieces.length).toBeGreaterThan(calls);
    const largest = Math.max(...pieces.map((p) => p.length));
    expect(largest * 20).toBeLessThan(pieces.reduce((n, p) => n + p.length, 0));
    expect([...file.chunks!()].join("")).toBe(file.content);
  });
  it("an export with no ABI", () => {
    expect([...exportPieces([])].join("")).toBe(direct({ format: "hcgen-model/1", abis: [] }));
    expect(exportJson({ ...model, abis: [] })).toBe(direct(exportModel({ ...model, abis: [] })));
  });
  it("a multi-line string value keeps its escapes (no raw newline is re-indented)", () => {
    const abi = model.abis.find((a) => JSON.stringify(exportModel(model, a.id)).includes("\\n"))!;
    expect(abi).toBeDefined();
    expect([...exportPieces([abi])].join("")).toBe(direct(exportModel(model, abi.id)));
  });
  it("empty arrays and objects, omitted values and nulls inside the streamed levels are written as JSON.stringify writes them", () => {
    const abi = { ...model.abis[0]!, calls: [], extra: {}, gone: undefined, none: null, list: [undefined, 1n, new Uint8Array([1, 255])] };
    expect([...exportPieces([abi as never])].join("")).toBe(direct(exportModel({ ...model, abis: [abi as never] })));
  });
});

// The JSON emitter streams each export (issue 16: at 10k calls json/<abi>.json and json/model.json
// are 80 MB each) one call at a time. The joined pieces must stay byte for byte what JSON.stringify
// of the export gives: for the whole catalog, for each ABI alone, and for no ABI.
import { describe, expect, it } from "vitest";
import { exportJson, exportModel, exportPieces } from "../../generator/export.js";
import { exportedAbiText, jsonEmitter } from "../../generator/emit/json.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { loadCatalog } from "../helpers/catalog.js";
import { addHeader } from "../../generator/pipeline/header.js";

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

  describe("model.json from the per-ABI files a run reuses", () => {
    // Each json/<abi>.json as written: the pipeline's header ("$comment") added to the emitter's text.
    const written = new Map(jsonEmitter.emit(model, DEFAULT_EMIT_OPTIONS).filter((f) => f.path !== "json/model.json")
      .map((f) => [f.path, addHeader(f.path, f.content, { sources: [`spec/${f.path.slice(5, -5)}.yaml`], inputHash: "sha256:0123456789abcdef" })]));
    const shared = (reused?: (path: string) => string | null) => jsonEmitter.parts!.shared(model, DEFAULT_EMIT_OPTIONS, reused)[0]!.content;

    it("is byte for byte the model.json made from scratch, whichever files are reused", () => {
      const scratch = shared();
      expect(scratch).toBe(direct(exportModel(model)));
      expect(shared((p) => written.get(p) ?? null)).toBe(scratch);
      const some = new Set([...written.keys()].filter((_, i) => i % 3 === 1));
      expect(shared((p) => (some.has(p) ? written.get(p)! : null))).toBe(scratch);
    });

    it("takes each reused file's text as it is (so it must be what the part would make: the reuse check's job), not the model's", () => {
      const papr = written.get("json/papr.json")!;
      const marked = papr.replace('"H_REMOVE"', '"H_REMOVE_FROM_DISK"');
      expect(marked).not.toBe(papr);
      const out = shared((p) => (p === "json/papr.json" ? marked : null));
      expect(out).toContain('"H_REMOVE_FROM_DISK"');
      expect(out.replace('"H_REMOVE_FROM_DISK"', '"H_REMOVE"')).toBe(direct(exportModel(model)));
    });

    it("serializes the ABI when the text is not one export of one ABI", () => {
      const papr = written.get("json/papr.json")!;
      const scratch = direct(exportModel(model));
      for (const bad of [papr.slice(0, -3), papr.replace('"format": "hcgen-model/1"', '"format": "hcgen-model/0"'), `${papr.slice(0, -7)},\n    {}\n  ]\n}\n`,
        `${papr.slice(0, -7)},\n    {\n      "id": "two"\n    }\n  ]\n}\n`, JSON.stringify(JSON.parse(papr)), ""]) {
        expect(exportedAbiText(bad)).toBeNull();
        expect(shared((p) => (p === "json/papr.json" ? bad : null))).toBe(scratch);
      }
      expect(exportedAbiText(papr)).not.toBeNull();
    });
  });
});

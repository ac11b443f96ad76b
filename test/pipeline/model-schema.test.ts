// spec/model.schema.json documents the model export; it must accept the real export of the demo
// fixture and the whole catalog, and the generated JSON files with their "$comment" header.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { jsonEmitter } from "../../generator/emit/json.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { exportModel } from "../../generator/export.js";
import { render } from "../../generator/pipeline/render.js";
import { FIXTURES, ROOT, loadCatalog } from "../helpers/catalog.js";

const schema = JSON.parse(readFileSync(join(ROOT, "spec/model.schema.json"), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
const errors = () => JSON.stringify(validate.errors?.slice(0, 5), null, 2);

describe("spec/model.schema.json", () => {
  it("accepts the export of the demo fixture", () => {
    const r = loadModel([join(FIXTURES, "valid", "demo.yaml")], { cwd: ROOT });
    expect(r.ok).toBe(true);
    expect(validate(exportModel(r.model)), errors()).toBe(true);
  });

  it("accepts the export of the whole catalog", () => {
    const r = loadCatalog();
    expect(r.ok).toBe(true);
    expect(validate(exportModel(r.model)), errors()).toBe(true);
  });

  it("accepts every generated JSON file, header key included", () => {
    const r = loadCatalog();
    const specBytes = new Map(r.model.abis.map((a) => [a.file, readFileSync(join(ROOT, a.file))]));
    const files = render({ model: r.model, specBytes, emitters: [jsonEmitter], options: DEFAULT_EMIT_OPTIONS, cwd: ROOT });
    expect(files.map((f) => f.path)).toContain("json/model.json");
    for (const f of files) {
      const json = JSON.parse(f.content) as Record<string, unknown>;
      expect(Object.keys(json)[0]).toBe("$comment");
      expect(validate(json), `${f.path}: ${errors()}`).toBe(true);
    }
  });

  it("rejects what the export never contains (a number where a hex string belongs)", () => {
    const r = loadModel([join(FIXTURES, "valid", "demo.yaml")], { cwd: ROOT });
    const bad = JSON.parse(JSON.stringify(exportModel(r.model))) as { abis: { errors: { codes: { value: unknown }[] } }[] };
    bad.abis[0]!.errors.codes[0]!.value = 0;
    expect(validate(bad)).toBe(false);
  });
});

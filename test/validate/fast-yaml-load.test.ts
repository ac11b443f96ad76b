// Whole loads with and without the fast YAML path: the same diagnostics (code, message, file, line,
// column, field path) and the same model, for the catalog and every fixture, valid or not. The
// invalid fixtures with semantic errors are read by the fast path, so their positions come from
// its position tree; the YAML-level ones (HC005-HC007, HC130-HC145) are declined and refused as before.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { fastYaml, parseFast } from "../../generator/fast-yaml.js";
import { readFileSync } from "node:fs";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures");

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

function load(inputs: string[], fast: boolean) {
  fastYaml.enabled = fast;
  try {
    const r = loadModel(inputs, { cwd: root });
    return { diagnostics: r.diagnostics, model: r.model, ok: r.ok };
  } finally { fastYaml.enabled = true; }
}

describe("loads with and without the fast YAML path", () => {
  afterEach(() => { fastYaml.enabled = true; });

  it("the catalog (with its lock): same model, no diagnostics", () => {
    const fast = load([join(root, "spec")], true);
    expect(fast.ok).toBe(true);
    expect(fast).toEqual(load([join(root, "spec")], false));
  });

  const files = yamlFiles(fixtures);
  it.each(files.map((f) => [f.slice(fixtures.length + 1), f]))("%s", (_, f) => {
    expect(load([f], true)).toEqual(load([f], false));
  });

  it("reads most invalid fixtures through the fast path (so their positions come from it)", () => {
    const invalid = yamlFiles(join(fixtures, "invalid"));
    const taken = invalid.filter((f) => parseFast(readFileSync(f, "utf8")) !== null);
    expect(taken.length).toBeGreaterThan(invalid.length / 2);
    const withDiags = taken.filter((f) => load([f], true).diagnostics.length > 0);
    expect(withDiags.length).toBe(taken.length);
  });
});

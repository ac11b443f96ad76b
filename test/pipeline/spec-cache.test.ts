// The spec cache of `hcgen watch` (api.ts SpecCache): an unchanged spec is reused, any change of its
// bytes is loaded again, and diagnostics are the same as without the cache.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel, type SpecCache } from "../../generator/api.js";
import { tempProject } from "./helpers.js";

describe("SpecCache", () => {
  it("reuses an unchanged spec's ABI and loads a changed one again", () => {
    const dir = tempProject();
    const file = join(dir, "spec", "demo.yaml");
    const cache: SpecCache = new Map();
    const first = loadModel([join(dir, "spec")], { cwd: dir, cache });
    expect(first.ok).toBe(true);
    const again = loadModel([join(dir, "spec")], { cwd: dir, cache });
    expect(again.model.abis[0]).toBe(first.model.abis[0]);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^title: .*$/m, "title: Renamed by the test"));
    const changed = loadModel([join(dir, "spec")], { cwd: dir, cache });
    expect(changed.model.abis[0]).not.toBe(first.model.abis[0]);
    expect(changed.model.abis[0]!.title).toBe("Renamed by the test");
    expect(changed.model).toEqual(loadModel([join(dir, "spec")], { cwd: dir }).model);
  });

  it("reports an invalid spec's diagnostics on every load, as without the cache", () => {
    const dir = tempProject();
    const file = join(dir, "spec", "demo.yaml");
    writeFileSync(file, readFileSync(file, "utf8") + "\nnot_a_key: 1\n");
    const cache: SpecCache = new Map();
    const plain = loadModel([join(dir, "spec")], { cwd: dir });
    expect(plain.ok).toBe(false);
    expect(loadModel([join(dir, "spec")], { cwd: dir, cache }).diagnostics).toEqual(plain.diagnostics);
    expect(loadModel([join(dir, "spec")], { cwd: dir, cache }).diagnostics).toEqual(plain.diagnostics);
  });
});

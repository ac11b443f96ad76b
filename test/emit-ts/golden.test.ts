// The demo fixture's TS outputs against reviewed goldens in test/golden/ts/ (HCGEN_UPDATE_GOLDEN=1
// rewrites them; review the diff before committing). The goldens import the runtime relative to
// test/golden/ts/, so the repo's typecheck compiles them too. Output is deterministic and LF-only.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tsEmitter } from "../../generator/emit/ts.js";
import { ROOT } from "../helpers/catalog.js";
import { demoModel } from "./emit-helpers.js";

const GOLDEN = join(ROOT, "test", "golden", "ts");
const OPTIONS = { runtimeImport: "../../../runtime/index.js" };

describe("TS goldens (demo fixture)", () => {
  const files = tsEmitter.emit(demoModel(), OPTIONS);
  it("emits exactly the table, dispatcher, stubs and index modules", () => {
    expect(files.map((f) => f.path)).toEqual(["ts/demo.ts", "ts/demo.dispatch.ts", "ts/demo.stubs.ts", "ts/index.ts"]);
    for (const f of files) expect(f.sources).toEqual(["test/fixtures/valid/demo.yaml"]);
  });
  it.each(files.map((f) => [f.path] as const))("%s matches its golden", (path) => {
    const actual = files.find((f) => f.path === path)!.content;
    const file = join(GOLDEN, path.slice("ts/".length));
    if (process.env.HCGEN_UPDATE_GOLDEN === "1") { mkdirSync(GOLDEN, { recursive: true }); writeFileSync(file, actual); }
    expect(existsSync(file), `${file} is missing: run with HCGEN_UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
  it("is deterministic and LF-only, without a Code generated header", () => {
    const again = tsEmitter.emit(demoModel(), OPTIONS);
    expect(again).toEqual(files);
    for (const f of files) {
      expect(f.content.includes("\r"), f.path).toBe(false);
      expect(f.content).not.toMatch(/Code generated/);
    }
  });
});

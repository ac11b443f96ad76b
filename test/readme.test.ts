// The README's catalog table is documentation users compare against: it must match spec/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadCatalog, ROOT } from "./helpers/catalog.js";

it("README lists every catalog ABI with its arches and call count", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const table = readme.split("<!-- catalog-table")[1]!.split("<!-- end catalog-table")[0]!;
  const rows = table.split("\n").filter((l) => l.startsWith("| `")).map((l) => l.split("|").map((c) => c.trim()));
  const listed = rows.map((r) => ({ id: r[1]!.replace(/`/g, ""), arches: r[3], calls: Number(r[4]) }));
  const model = loadCatalog().model;
  expect(listed).toEqual(model.abis.map((a) => ({ id: a.id, arches: a.arches.map((x) => x.arch).join(", "), calls: a.calls.length })));
});

it("every bundled spec starts with a yaml-language-server line that resolves to the schema", () => {
  for (const abi of loadCatalog().model.abis) {
    const first = readFileSync(join(ROOT, abi.file), "utf8").split("\n")[0]!;
    expect(first, abi.file).toBe("# yaml-language-server: $schema=./hcgen.schema.json");
  }
});

it("the README's runtime example is the one runtime/README.md runs and checks", () => {
  const block = (text: string) => text.slice(text.indexOf("<!-- readme-example -->"), text.indexOf("```", text.indexOf("<!-- readme-output -->") + 30) + 3);
  const main = readFileSync(join(ROOT, "README.md"), "utf8");
  const runtime = readFileSync(join(ROOT, "runtime", "README.md"), "utf8");
  expect(block(runtime)).toContain("registerHypercall");
  expect(block(main)).toBe(block(runtime));
});

// The demo fixture's Markdown and HTML page against reviewed goldens (HCGEN_UPDATE_GOLDEN=1 rewrites
// them; review the diff before committing). Also: output is deterministic and LF-only.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitDocs } from "../../generator/emit/docs.js";
import { ROOT } from "../helpers/catalog.js";
import { content, emitMap, loadFixture } from "./helpers.js";

const GOLDEN = join(ROOT, "test", "golden", "docs");

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.HCGEN_UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing: run with HCGEN_UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("docs goldens (demo fixture)", () => {
  const model = loadFixture("valid/demo.yaml");
  const files = emitMap(model);

  it("docs/demo.md matches test/golden/docs/demo.md", () => {
    golden("demo.md", content(files, "docs/demo.md"));
  });

  it("site/demo.html matches test/golden/docs/demo.html", () => {
    golden("demo.html", content(files, "site/demo.html"));
  });

  it("the bit-field picture of the x86_64 selector matches its golden", () => {
    golden("demo-x86_64-rax-bits.svg", content(files, "site/svg/demo/x86_64-default-rax-bits.svg"));
  });

  it("emits the same files byte for byte on a second run, sorted, LF only", () => {
    const again = emitDocs(model);
    expect(again.map((f) => [f.path, f.content])).toEqual([...files.values()].map((f) => [f.path, f.content]));
    const paths = again.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    for (const f of again) expect(f.content.includes("\r"), f.path).toBe(false);
  });

  it("lists the expected pages for one ABI", () => {
    expect([...files.keys()].filter((p) => !p.includes("/svg/"))).toEqual([
      "docs/demo.md", "site/compare.html", "site/demo.html", "site/index.html",
      "site/search-index.js", "site/search.js", "site/style.css",
    ]);
  });
});

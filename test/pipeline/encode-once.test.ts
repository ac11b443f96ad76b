// Each output is encoded to UTF-8 once when written; the manifest's sha256 of a written file comes
// from the bytes staged for it, that of an unchanged file from its content (issue 16). Either way
// every entry must be the hash of the bytes on disk, non-ASCII text included, through the CLI
// (concurrent fsyncs) and the library's synchronous generate.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { hcgen, tempProject } from "./helpers.js";

function expectManifestMatchesDisk(out: string): number {
  const m = JSON.parse(readFileSync(join(out, ".hcgen-manifest.json"), "utf8")) as { files: { path: string; sha256: string }[] };
  for (const e of m.files) expect(e.sha256, e.path).toBe(createHash("sha256").update(readFileSync(join(out, e.path))).digest("hex"));
  return m.files.length;
}
const retitle = (dir: string, title: string, spec = "demo.yaml") => {
  const f = join(dir, "spec", spec);
  writeFileSync(f, readFileSync(f, "utf8").replace(/^title: .*$/m, `title: ${title}`));
};

describe("manifest hashes from the bytes written", () => {
  it("CLI generate: every entry is the sha256 of the file on disk, first run and after an edit", async () => {
    const dir = tempProject("catalog");
    retitle(dir, "Hyper-V — ünïcode “quoted” 🚀", "hyperv.yaml");
    expect((await hcgen(dir, "generate")).code).toBe(0);
    expect(expectManifestMatchesDisk(join(dir, "generated"))).toBeGreaterThan(50);
    retitle(dir, "Hyper-V, second édition", "hyperv.yaml"); // rewrites hyperv's files and model.json only
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ [1-9]\d* written, [1-9]\d* unchanged/); // both kinds of entry
    expectManifestMatchesDisk(join(dir, "generated"));
    expect((await hcgen(dir, "check")).code).toBe(0);
  });
  it("library generate({ write: true }) likewise", () => {
    const dir = tempProject();
    retitle(dir, "Démo ✓");
    generate({ cwd: dir, write: true, config: false });
    expectManifestMatchesDisk(join(dir, "generated"));
  });
});

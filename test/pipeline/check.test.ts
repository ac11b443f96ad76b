// `hcgen check`: passes on an up-to-date tree; on a stale one names the file, the lines and the spec.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hcgen, snapshot, tempProject } from "./helpers.js";

describe("hcgen check", () => {
  it("passes on an up-to-date tree", async () => {
    const dir = tempProject();
    await hcgen(dir, "generate");
    const r = await hcgen(dir, "check");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hcgen check: generated\/ is up to date \(\d+ files\)\n$/);
  });

  it("fails on a stale tree with the file, the differing lines, the spec and the fix; writes nothing", async () => {
    const dir = tempProject();
    await hcgen(dir, "generate");
    const before = snapshot(join(dir, "generated"));
    const spec = join(dir, "spec/demo.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("title: Demo paravirtual interface (test fixture)", "title: Demo interface v2"));
    const r = await hcgen(dir, "check");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/hcgen check: generated\/ is out of date \(\d+ stale, manifest out of date\)/);
    expect(r.stderr).toMatch(/generated\/json\/demo\.json: stale, line 2: spec\/demo\.yaml changed since the last generate/);
    expect(r.stderr).toContain("-      \"title\": \"Demo paravirtual interface (test fixture)\",");
    expect(r.stderr).toContain("+      \"title\": \"Demo interface v2\",");
    expect(r.stderr).toMatch(/@@ -\d+,\d+ \+\d+,\d+ @@/);
    expect(r.stderr).toContain("fix: run `npx hcgen generate` and commit the result.");
    expect(snapshot(join(dir, "generated"))).toEqual(before);
    await hcgen(dir, "generate");
    expect((await hcgen(dir, "check")).code).toBe(0);
  });

  it("reports the line of a change deep in a large file, with a bounded excerpt", async () => {
    const dir = tempProject("catalog");
    await hcgen(dir, "generate");
    const spec = join(dir, "spec/xen.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace(/^title: .*$/m, "title: Xen (edited)"));
    const r = await hcgen(dir, "check");
    expect(r.code).toBe(1);
    const model = r.stderr.split("\n").filter((l) => l.startsWith("generated/json/model.json"));
    expect(model).toEqual([expect.stringMatching(/^generated\/json\/model\.json: stale, line 2: spec\/xen\.yaml changed/)]);
    expect(r.stderr).toContain("+      \"title\": \"Xen (edited)\",");
    // The excerpt is bounded per file: at most 24 diff lines (plus one "... more" line).
    const lines = r.stderr.split("\n");
    const start = lines.findIndex((l) => l.startsWith("generated/json/model.json"));
    let end = start + 1;
    while (end < lines.length && lines[end]!.startsWith("    ")) end++;
    expect(end - start - 1).toBeGreaterThan(2);
    expect(end - start - 1).toBeLessThanOrEqual(25);
    expect(r.stderr).not.toMatch(/riscv-sbi\.json: stale/);
  });

  it("says when a generated file was edited by hand", async () => {
    const dir = tempProject();
    await hcgen(dir, "generate");
    const file = join(dir, "generated/json/demo.json");
    writeFileSync(file, readFileSync(file, "utf8").replace("\"format\": \"hcgen-model/1\"", "\"format\": \"mine\""));
    const r = await hcgen(dir, "check");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("generated/json/demo.json: stale, line 3: the file was edited by hand");
  });

  it("lists missing and extra owned files", async () => {
    const dir = tempProject();
    writeFileSync(join(dir, "spec/other.yaml"), readFileSync(join(dir, "spec/demo.yaml"), "utf8").replace("id: demo\n", "id: other\n"));
    await hcgen(dir, "generate");
    rmSync(join(dir, "spec/other.yaml"));
    rmSync(join(dir, "generated/json/demo.json"));
    const r = await hcgen(dir, "check");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("generated/json/demo.json: missing (generated from spec/demo.yaml)");
    expect(r.stderr).toContain("generated/json/other.json: extra (hcgen generated it, but no spec produces it any more)");
  });

  it("repeats the user's arguments in the fix", async () => {
    const dir = tempProject();
    const r = await hcgen(dir, "check", "--out", "gen", "spec/demo.yaml");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("gen/json/demo.json: missing");
    expect(r.stderr).toContain("fix: run `npx hcgen generate --out gen spec/demo.yaml`");
  });
});

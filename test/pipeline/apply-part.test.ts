// watch's fast pass (write.ts applyPart) keeps generate's safety: lock, journal, ownership, and a
// manifest whose hashes match the files it wrote.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError } from "../../generator/pipeline/fsops.js";
import { sha256 } from "../../generator/pipeline/header.js";
import { acquireLock } from "../../generator/pipeline/lock.js";
import { JOURNAL_NAME, MANIFEST_NAME, TEMP_PREFIX } from "../../generator/pipeline/names.js";
import type { RenderedFile } from "../../generator/pipeline/render.js";
import { applyPart } from "../../generator/pipeline/write.js";
import { hcgen, snapshot, tempProject } from "./helpers.js";

async function generated(): Promise<{ out: string; manifest: { files: { path: string; kind: string; sha256: string }[] } }> {
  const dir = tempProject();
  expect((await hcgen(dir, "generate")).code).toBe(0);
  const out = join(dir, "generated");
  return { out, manifest: JSON.parse(readFileSync(join(out, MANIFEST_NAME), "utf8")) };
}

const fileFor = (e: { path: string; kind: string }, content: string): RenderedFile =>
  ({ path: e.path, kind: e.kind as RenderedFile["kind"], content, sources: ["spec/demo.yaml"], inputHash: "x" });

const noTemps = (out: string) => [...snapshot(out).keys()].filter((p) => p.split("/").some((s) => s.startsWith(TEMP_PREFIX)) || p === JOURNAL_NAME);

describe("applyPart (watch fast pass)", () => {
  it("writes an owned file and records its new hash in the manifest, leaving no temp file or journal", async () => {
    const { out, manifest } = await generated();
    const entry = manifest.files.find((e) => e.path.endsWith(".h"))!;
    const content = readFileSync(join(out, entry.path), "utf8") + "/* edited by the fast pass */\n";
    expect(applyPart(out, [fileFor(entry, content)])).toEqual([entry.path]);
    expect(readFileSync(join(out, entry.path), "utf8")).toBe(content);
    const after = JSON.parse(readFileSync(join(out, MANIFEST_NAME), "utf8")) as typeof manifest;
    expect(after.files.find((e) => e.path === entry.path)!.sha256).toBe(sha256(content));
    expect(after.files.filter((e) => e.path !== entry.path)).toEqual(manifest.files.filter((e) => e.path !== entry.path));
    expect(noTemps(out)).toEqual([]);
  });

  it("leaves alone a file hcgen no longer owns (hand-edited, header removed) and paths the manifest does not list", async () => {
    const { out, manifest } = await generated();
    const entry = manifest.files.find((e) => e.path.endsWith(".h"))!;
    writeFileSync(join(out, entry.path), "my own header\n");
    const before = snapshot(out);
    expect(applyPart(out, [fileFor(entry, "new\n"), fileFor({ path: "c/new.h", kind: "c" }, "new\n")])).toEqual([]);
    expect(snapshot(out)).toEqual(before);
    expect(existsSync(join(out, "c/new.h"))).toBe(false);
  });

  it("refuses without writing while another run holds the output lock", async () => {
    const { out, manifest } = await generated();
    const entry = manifest.files.find((e) => e.path.endsWith(".h"))!;
    const before = snapshot(out);
    const lock = acquireLock(out, "generate");
    try {
      expect(() => applyPart(out, [fileFor(entry, "changed\n")])).toThrow(OutputError);
    } finally { lock.release(); }
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(out).some((n) => n.startsWith(TEMP_PREFIX))).toBe(false);
  });
});

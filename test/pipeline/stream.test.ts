// Streaming generation (issue 16, memory): `hcgen generate` renders and stages one emitter part at a
// time (run.ts streamLoaded, write.ts applyStreaming) instead of holding every file until the write.
// The kill -9 loop in test/hostile/faults.test.ts runs this same CLI path (old set or new, never a mix).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EMITTERS } from "../../generator/emit/index.js";
import { TEMP_PREFIX } from "../../generator/pipeline/names.js";
import { loadSpecs, prepare, renderLoaded, streamLoaded, type PrepareOptions } from "../../generator/pipeline/run.js";
import type { RenderedFile } from "../../generator/pipeline/render.js";
import { apply, applyStreaming, ConflictError } from "../../generator/pipeline/write.js";
import { checkParts } from "../../generator/pipeline/check.js";
import { snapshot, tempProject } from "./helpers.js";

const optsFor = (dir: string): PrepareOptions => ({ inputs: [join(dir, "spec")], cwd: dir, emitters: EMITTERS });

function tempsUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((p) => p.split("/").pop()!.startsWith(TEMP_PREFIX));
}

describe("streaming generate (one emitter part at a time)", () => {
  it("writes the same tree, byte for byte, as rendering everything first, and check agrees part by part", async () => {
    const dir = tempProject("catalog");
    const opts = optsFor(dir);
    const loaded = loadSpecs(opts);
    expect(loaded.ok).toBe(true);
    const streamed = await applyStreaming({ outDir: join(dir, "a"), parts: streamLoaded(loaded, opts), kinds: loaded.kinds, specs: loaded.specs });
    const p = prepare(opts);
    const whole = apply({ outDir: join(dir, "b"), files: p.files, kinds: p.kinds, specs: p.specs });
    expect(streamed.total).toBe(p.files.length);
    expect([...streamed.written].sort()).toEqual([...whole.written].sort());
    const a = snapshot(join(dir, "a")), b = snapshot(join(dir, "b"));
    a.delete(".hcgen-lock"); b.delete(".hcgen-lock");
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, content] of a) expect(content === b.get(path), path).toBe(true);
    const c = checkParts(join(dir, "a"), streamLoaded(loaded, opts), loaded.kinds, loaded.specs);
    expect(c.ok).toBe(true);
    expect(c.total).toBe(p.files.length);
    // The parts, put together, are exactly render()'s files.
    const flat = [...streamLoaded(loaded, opts)].flat().sort((x, y) => (x.path < y.path ? -1 : 1));
    expect(flat.map((f) => [f.path, f.content])).toEqual(renderLoaded(loaded, opts).map((f) => [f.path, f.content]));
  });

  it("stages each part before it asks for the next, and switches only at the end", async () => {
    const dir = tempProject();
    const opts = optsFor(dir);
    const loaded = loadSpecs(opts);
    const parts = [...streamLoaded(loaded, opts)].filter((x) => x.length > 0);
    expect(parts.length).toBeGreaterThan(2);
    const out = join(dir, "gen");
    const seen: { staged: number; switched: boolean }[] = [];
    function* lazily(): Generator<readonly RenderedFile[]> {
      for (const part of parts) {
        // Before part k is handed over, the k-1 earlier ones are on disk as temp files, none switched in.
        seen.push({ staged: tempsUnder(out).length, switched: existsSync(join(out, parts[0]![0]!.path)) });
        yield part;
      }
    }
    await applyStreaming({ outDir: out, parts: lazily(), kinds: loaded.kinds, specs: loaded.specs });
    let before = 0;
    for (const [k, s] of seen.entries()) {
      expect(s.switched, `part ${k}`).toBe(false);
      expect(s.staged, `part ${k}`).toBe(before);
      before += parts[k]!.length;
    }
    expect(tempsUnder(out)).toEqual([]);
    const tree = snapshot(out);
    tree.delete(".hcgen-lock");
    expect(tree.size).toBe(before + 1); // + the manifest
  });

  it("a conflict found in a later part lists every conflict and leaves the directory as it was (no temp files, no new directories)", async () => {
    const dir = tempProject();
    const opts = optsFor(dir);
    const loaded = loadSpecs(opts);
    const parts = [...streamLoaded(loaded, opts)].filter((x) => x.length > 0);
    const out = join(dir, "gen");
    // The user's own files at the last part's paths (not hcgen's: no header, no manifest).
    const last = parts[parts.length - 1]!;
    mkdirSync(out);
    for (const f of last) { mkdirSync(join(out, f.path, ".."), { recursive: true }); writeFileSync(join(out, f.path), "mine\n"); }
    const before = snapshot(out);
    const err = await applyStreaming({ outDir: out, parts: parts.values(), kinds: loaded.kinds, specs: loaded.specs }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    for (const f of last) expect((err as Error).message).toContain(join(out, f.path));
    const after = snapshot(out);
    after.delete(".hcgen-lock");
    expect(after).toEqual(before);
    const dirs = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isDirectory()).length;
    const expectedDirs = new Set(last.flatMap((f) => f.path.split("/").slice(0, -1).map((_, i, segs) => segs.slice(0, i + 1).join("/")))).size;
    expect(dirs).toBe(expectedDirs);
  });
});

// Files an emitter hands over as pieces (emit/chunked.ts, pipeline/chunks.ts; issue 16, memory): the
// writer encodes, hashes and stages them one block at a time. Their bytes, manifest hashes and
// check results must be exactly those of the same content handed over whole, a difference anywhere
// must be found, and a failure halfway through a file must leave nothing behind.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chunkedFile } from "../../generator/emit/chunked.js";
import { emitterFromParts } from "../../generator/emit/parts.js";
import type { Emitter, GeneratedFile } from "../../generator/emit/types.js";
import { checkParts } from "../../generator/pipeline/check.js";
import { encodeBlocks, withHeader } from "../../generator/pipeline/chunks.js";
import { addHeader } from "../../generator/pipeline/header.js";
import { TEMP_PREFIX } from "../../generator/pipeline/names.js";
import { loadSpecs, renderLoaded, streamLoaded, type PrepareOptions } from "../../generator/pipeline/run.js";
import { applyStreaming } from "../../generator/pipeline/write.js";
import { mtimes, snapshot, tempProject } from "./helpers.js";

// Pieces that test every seam: CRLF and a surrogate pair split between pieces, a prelude line the
// header must stay behind, a JSON object whose first piece is only "{", an empty file, and one
// piece longer than an encoding block (1 Mi characters) full of multi-byte characters.
const BIG = Array.from({ length: 60_000 }, (_, i) => `line ${i}: é ✓ 🚀 ${"x".repeat(i % 50)}\n`);
const FILES: Record<string, readonly string[]> = {
  "x/big.ts": ["// first\r", "\nconst a = 1;\r\n", "const s = \"\ud83d", "\ude80\";\r", "\r\n", ...BIG.slice(0, 20_000), BIG.slice(20_000).join(""), "// end\n"],
  "x/page.html": ["<!doctype html>", "\n", "<html><body>\u00e9</body></html>\n"],
  "x/data.json": ["{", "\n  ", "\"a\": 1,\n  \"b\": [1, 2]\n}\n"],
  "x/empty.ts": [],
};

const emitter = (chunked: boolean, fail = false): Emitter => emitterFromParts("docs", {
  abi: () => [],
  shared: (model): GeneratedFile[] => Object.entries(FILES).map(([path, pieces]) => {
    const sources = [model.abis[0]!.file];
    if (!chunked) return { path, content: pieces.join(""), sources };
    return chunkedFile(path, sources, function* () {
      let n = 0;
      for (const p of pieces) {
        yield p;
        if (fail && path === "x/big.ts" && (n += p.length) > 1_500_000) throw new Error("emitter failed halfway");
      }
    });
  }),
});

const optsFor = (dir: string, e: Emitter): PrepareOptions => ({ inputs: [join(dir, "spec")], cwd: dir, emitters: [e] });

async function generateWith(dir: string, out: string, e: Emitter) {
  const opts = optsFor(dir, e);
  const loaded = loadSpecs(opts);
  expect(loaded.ok).toBe(true);
  return applyStreaming({ outDir: join(dir, out), parts: streamLoaded(loaded, opts), kinds: loaded.kinds, specs: loaded.specs });
}

const bytesOf = (dir: string) => {
  const out = new Map<string, Buffer>();
  for (const p of snapshot(dir).keys()) if (p !== ".hcgen-lock") out.set(p, readFileSync(join(dir, p)));
  return out;
};
const temps = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((p) => p.split("/").pop()!.startsWith(TEMP_PREFIX));

describe("files written from pieces", () => {
  it("are byte for byte the files written from whole strings, manifest hashes included", async () => {
    const dir = tempProject();
    await generateWith(dir, "whole", emitter(false));
    const r = await generateWith(dir, "pieces", emitter(true));
    expect([...r.written].sort()).toEqual(Object.keys(FILES).sort());
    const a = bytesOf(join(dir, "whole")), b = bytesOf(join(dir, "pieces"));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(Buffer.compare(bytes, b.get(path)!), path).toBe(0);
    expect(FILES["x/big.ts"]!.some((p) => p.length > 1 << 20)).toBe(true);
    expect(a.get("x/big.ts")!.length).toBeGreaterThan(2_500_000);
    // check agrees both ways: the whole-string files are what the pieces make, and the reverse.
    const opts = optsFor(dir, emitter(true));
    const loaded = loadSpecs(opts);
    expect(checkParts(join(dir, "whole"), streamLoaded(loaded, opts), loaded.kinds, loaded.specs).ok).toBe(true);
    const optsWhole = optsFor(dir, emitter(false));
    expect(checkParts(join(dir, "pieces"), streamLoaded(loadSpecs(optsWhole), optsWhole), loaded.kinds, loaded.specs).ok).toBe(true);
  });

  it("a second run finds them unchanged and leaves them alone (no rewrite, mtime kept)", async () => {
    const dir = tempProject();
    await generateWith(dir, "gen", emitter(true));
    const before = mtimes(join(dir, "gen"));
    await new Promise((r) => setTimeout(r, 20));
    const r = await generateWith(dir, "gen", emitter(true));
    expect(r.written).toEqual([]);
    expect([...r.unchanged].sort()).toEqual(Object.keys(FILES).sort());
    expect(mtimes(join(dir, "gen"))).toEqual(before);
    expect(temps(join(dir, "gen"))).toEqual([]);
  });

  it("check finds a one-byte difference in the middle piece and reports its line", async () => {
    const dir = tempProject();
    await generateWith(dir, "gen", emitter(true));
    const file = join(dir, "gen", "x", "big.ts");
    const bytes = readFileSync(file);
    const at = bytes.indexOf("line 30000: ");
    expect(at).toBeGreaterThan(bytes.length / 3);
    bytes[at + 5] = "4".charCodeAt(0); // "line 40000": one byte, inside the largest piece
    writeFileSync(file, bytes);
    const opts = optsFor(dir, emitter(true));
    const loaded = loadSpecs(opts);
    const r = checkParts(join(dir, "gen"), streamLoaded(loaded, opts), loaded.kinds, loaded.specs);
    expect(r.ok).toBe(false);
    expect(r.stale.map((s) => s.path)).toEqual(["x/big.ts"]);
    expect(r.stale[0]!.reason).toBe("edited by hand");
    const line = bytes.subarray(0, at).toString("utf8").split("\n").length;
    expect(r.stale[0]!.diff.firstLine).toBe(line);
    expect(r.stale[0]!.diff.lines.join("\n")).toContain("line 40000: ");
  });

  it("an emitter failing halfway through a file leaves the old set and no temp file", async () => {
    const dir = tempProject();
    const fresh = await generateWith(dir, "gen", emitter(true)).then(() => bytesOf(join(dir, "gen")));
    writeFileSync(join(dir, "spec", "demo.yaml"), readFileSync(join(dir, "spec", "demo.yaml"), "utf8").replace(/^title: .*$/m, "title: Changed"));
    await expect(generateWith(dir, "gen", emitter(true, true))).rejects.toThrow(/emitter failed halfway/);
    const after = bytesOf(join(dir, "gen"));
    expect([...after.keys()]).toEqual([...fresh.keys()]);
    for (const [path, b] of fresh) expect(Buffer.compare(b, after.get(path)!), path).toBe(0);
    expect(temps(join(dir, "gen"))).toEqual([]);
    // Into an empty directory: nothing at all is left but the lock.
    await expect(generateWith(dir, "new", emitter(true, true))).rejects.toThrow(/emitter failed halfway/);
    expect([...snapshot(join(dir, "new")).keys()].filter((p) => p !== ".hcgen-lock")).toEqual([]);
  });
});

describe("render() for callers that hold every file (watch, prepare, the library)", () => {
  it("hands over plain strings, equal to the streamed pieces joined", () => {
    const dir = tempProject();
    const opts = optsFor(dir, emitter(true));
    const loaded = loadSpecs(opts);
    const held = renderLoaded(loaded, opts);
    const streamed = [...streamLoaded(loaded, opts)].flat();
    expect(held.map((f) => f.path)).toEqual(Object.keys(FILES).sort());
    for (const f of held) {
      expect(f.chunks, f.path).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(f, "content")?.value, f.path).toBeTypeOf("string"); // not a getter
      const s = streamed.find((x) => x.path === f.path)!;
      expect(s.chunks, f.path).toBeDefined();
      expect([...s.chunks!()].join(""), f.path).toBe(f.content);
    }
  });
});

describe("the header and the encoding, piece by piece", () => {
  const info = { sources: ["spec/a.yaml"], inputHash: "sha256:0123456789abcdef" };
  const samples: Record<string, string> = {
    "a.ts": "// c\nconst x = 1;\n", "b.ts": "#!/usr/bin/env node\nrun();\n", "c.html": "<!doctype html>\n<p>x</p>\n",
    "d.svg": "<?xml version=\"1.0\"?>\n<svg/>\n", "e.json": "{\n  \"a\": 1\n}\n", "f.json": "{}\n", "g.json": "{\"a\":1}\n",
    "h.md": "\n# Title\n", "i.ts": "", "j.ts": "x", "k.ts": "a\r\nb\rc\r",
  };
  it("withHeader over any split of the content is addHeader of the whole (LF only)", () => {
    for (const [path, text] of Object.entries(samples)) {
      const want = addHeader(path, text.replace(/\r\n?/g, "\n"), info);
      for (let i = 0; i <= text.length; i++) {
        for (let j = i; j <= text.length; j++) {
          const got = [...withHeader(path, [text.slice(0, i), text.slice(i, j), text.slice(j)], info)].join("");
          expect(got, `${path} split at ${i},${j}`).toBe(want);
        }
      }
    }
  });
  it("encodeBlocks is Buffer.from of the join, a surrogate pair split between pieces or blocks included", () => {
    const pieces = ["a\ud83d", "\ude80b", "é".repeat((1 << 20) - 1) + "\ud83d\ude80" + "z".repeat(1 << 20), "\ud800"];
    // A block is valid until the next is asked for (one buffer is reused): copy each as it comes.
    const copied = (ps: Iterable<string>) => { const out: Buffer[] = []; for (const b of encodeBlocks(ps)) out.push(Buffer.from(b)); return Buffer.concat(out); };
    expect(Buffer.compare(copied(pieces), Buffer.from(pieces.join(""), "utf8"))).toBe(0);
    // Small pieces filling the buffer several times over, a pair split at each piece edge, a lone surrogate last.
    const many = Array.from({ length: 5000 }, (_, i) => (i % 2 ? "\ude80" + "ж".repeat(700) + "\ud83d" : "x".repeat(i % 7)));
    many.push("\udc00");
    expect(Buffer.compare(copied(many), Buffer.from(many.join(""), "utf8"))).toBe(0);
  });

  it("two encoders running at once do not share a buffer", () => {
    const a = encodeBlocks(["a".repeat(3 << 20), "b"]), b = encodeBlocks(["c".repeat(3 << 20), "d"]);
    const firstA = a.next().value!, firstB = b.next().value!;
    expect(firstA[0]).toBe(0x61);
    expect(firstB[0]).toBe(0x63);
    expect(firstA.buffer === firstB.buffer).toBe(false);
    for (const g of [a, b]) while (!g.next().done) { /* drain */ }
  });
});

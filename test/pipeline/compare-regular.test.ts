// fsops.ts compareRegular: check compares each streamed output with the file on disk a block at a
// time and hashes only its own bytes. It must say "same" exactly when the file holds those bytes,
// "none" where check reports a missing file, and hash every block whatever it says.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { compareRegular } from "../../generator/pipeline/fsops.js";

const dir = mkdtempSync(join(tmpdir(), "hcgen-compare-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `bytes` cut at `cuts` (positions into it) into blocks. */
function blocksOf(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) { if (c > from) out.push(bytes.subarray(from, c)); from = Math.max(from, c); }
  return out;
}

function compare(file: string, blocks: Uint8Array[], maxBytes?: number) {
  const h = createHash("sha256");
  const match = compareRegular(file, blocks, h, maxBytes);
  return { match, sha: h.digest("hex") };
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("compareRegular", () => {
  it("says same exactly when the file holds the blocks' bytes, and hashes the blocks either way", () => {
    let n = 0;
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 6 }),
      fc.oneof(fc.constant("equal"), fc.constant("flip"), fc.constant("shorter"), fc.constant("longer")), fc.nat(),
      (bytes, cuts, how, where) => {
        let disk = Buffer.from(bytes);
        if (how === "flip" && disk.length > 0) { disk = Buffer.from(disk); disk[where % disk.length]! ^= 1; }
        if (how === "shorter" && disk.length > 0) disk = disk.subarray(0, where % disk.length);
        if (how === "longer") disk = Buffer.concat([disk, Buffer.from([where % 256])]);
        const file = join(dir, `p${n++}`);
        writeFileSync(file, disk);
        const r = compare(file, blocksOf(bytes, cuts));
        expect(r.sha).toBe(sha(bytes));
        expect(r.match).toBe(Buffer.from(bytes).equals(disk) ? "same" : "differs");
      }));
  });

  it("reads blocks larger than its own read size (3 MiB and more) beside the file", () => {
    const big = Buffer.alloc(7 * 1024 * 1024 + 3, 0x61);
    const file = join(dir, "big");
    writeFileSync(file, big);
    expect(compare(file, blocksOf(big, [1, 3 * 1024 * 1024 + 5, 4 * 1024 * 1024])).match).toBe("same");
    const other = Buffer.from(big);
    other[other.length - 1] = 0x62;
    writeFileSync(file, other);
    expect(compare(file, [big]).match).toBe("differs");
  });

  it("says none, having hashed every block, where check reports a missing file", () => {
    const bytes = Buffer.from("hello\n");
    mkdirSync(join(dir, "a-dir"));
    writeFileSync(join(dir, "real"), bytes);
    symlinkSync(join(dir, "real"), join(dir, "link"));
    for (const p of ["absent", "a-dir", "link"]) expect(compare(join(dir, p), [bytes])).toEqual({ match: "none", sha: sha(bytes) });
    expect(compare(join(dir, "real"), [bytes], 3)).toEqual({ match: "none", sha: sha(bytes) }); // above the size limit
    expect(compare(join(dir, "real"), [bytes]).match).toBe("same");
  });
});

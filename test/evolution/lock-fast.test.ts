// parseLock's fast path (fast-yaml.ts) against its yaml-library path: on the catalog's lock and on
// edited copies it gives the same Lock (entries, order, line numbers) or declines; it never accepts
// a lock that the yaml-library path refuses.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLockDocument, parseLockFast, type Lock } from "../../generator/evolution/lock.js";

const text = readFileSync(join(import.meta.dirname, "..", "..", "spec", "hcgen.lock"), "utf8");
const plain = (l: Lock) => [...l.abis].map(([id, calls]) => [id, [...calls]]);

function slow(t: string): unknown {
  try { return plain(parseLockDocument(t)); } catch (e) { return { refused: (e as Error).message }; }
}

describe("lock fast path", () => {
  it("reads the catalog's lock as the yaml library does", () => {
    const fast = parseLockFast(text);
    expect(fast).not.toBeNull();
    expect(plain(fast!)).toEqual(slow(text));
    expect(plain(fast!).length).toBeGreaterThan(5);
  });

  const EDITS = ["", " ", "x", ":", ": 1", "- a", "#", '"', "removed: true, ", "aarch64: 5, ", "~"];
  it("agrees or declines on edited locks", () => {
    let answered = 0;
    fc.assert(fc.property(fc.nat(), fc.nat(), fc.constantFrom(...EDITS), (line, col, ins) => {
      const lines = text.split("\n");
      const at = line % lines.length;
      const l = lines[at]!;
      const c = col % (l.length + 1);
      lines[at] = l.slice(0, c) + ins + l.slice(c);
      const edited = lines.join("\n");
      const fast = parseLockFast(edited);
      if (fast === null) return;
      answered++;
      expect(plain(fast)).toEqual(slow(edited));
    }), { numRuns: 300 });
    expect(answered).toBeGreaterThan(20);
  });
});

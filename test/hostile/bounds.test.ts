// Issue 19 item 5 follow-up: numbers that the model keeps as JS numbers are bounded (a trap stride
// of 2^53 + 1 would round), and files hcgen reads back from an output directory (manifest,
// journal, outputs, lock) are bounded in size: a huge or /dev/zero manifest is refused at once.
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, readdirSync, openSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { MAX_TRAP_STRIDE } from "../../generator/build-arch.js";
import { MAX_MANIFEST_BYTES, readManifest } from "../../generator/pipeline/manifest.js";
import { MAX_OUTPUT_READ_BYTES, readIfExists, readRegular } from "../../generator/pipeline/fsops.js";
import { SPEC_DIR } from "../helpers/catalog.js";
import { hcgen, snapshot, tempProject } from "../pipeline/helpers.js";

const XEN = readFileSync(join(SPEC_DIR, "xen.yaml"), "utf8");
const STRIDE_LINE = XEN.split("\n").findIndex((l) => l.includes("stride: 32")) + 1;
const STRIDE_COL = XEN.split("\n")[STRIDE_LINE - 1]!.indexOf("32") + 1; // at the value

function strideDiagnostics(value: string): string[] {
  const dir = tempProject();
  const file = join(dir, "spec", "xen.yaml");
  writeFileSync(file, XEN.replace("stride: 32", `stride: ${value}`));
  return loadModel([file]).diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`);
}

/** A sparse file of `bytes` (no disk used): big to stat, nothing to read. */
function sparse(file: string, bytes: number): void {
  closeSync(openSync(file, "w"));
  truncateSync(file, bytes);
}

describe("trap stride is exact or a positioned error", () => {
  it("the limit is accepted and kept exact", () => {
    const dir = tempProject();
    const file = join(dir, "spec", "xen.yaml");
    writeFileSync(file, XEN.replace("stride: 32", `stride: ${MAX_TRAP_STRIDE}`));
    const r = loadModel([file]);
    expect(r.diagnostics).toEqual([]);
    const strides = r.model!.abis.flatMap((a) => a.arches.flatMap((x) => x.traps.map((t) => t.stride))).filter((s) => s !== null);
    expect(strides).toContain(MAX_TRAP_STRIDE);
  });
  for (const v of [`${MAX_TRAP_STRIDE + 1}`, "9007199254740993", "0x10000000000000001"]) {
    it(`stride ${v} is HC109 at the stride`, () => {
      const d = strideDiagnostics(v);
      expect(d).toHaveLength(1);
      expect(d[0]).toBe(`HC109 ${STRIDE_LINE}:${STRIDE_COL} stride ${BigInt(v)} bytes is above hcgen's limit of ${MAX_TRAP_STRIDE} bytes`);
    });
  }
});

describe("reads from the output directory are bounded", () => {
  it("a manifest symlinked to /dev/zero is refused at once, nothing written", async () => {
    const dir = tempProject();
    mkdirSync(join(dir, "generated"));
    symlinkSync("/dev/zero", join(dir, "generated", ".hcgen-manifest.json"));
    expect(() => readManifest(join(dir, "generated"))).toThrow(/is a symlink, not an hcgen manifest/);
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.hcgen-manifest\.json is a symlink, not an hcgen manifest; delete it/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(readdirSync(join(dir, "generated")).filter((p) => !p.startsWith(".hcgen-lock"))).toEqual([".hcgen-manifest.json"]); // not snapshot(): it would read /dev/zero
  });
  it("a manifest over the limit (sparse, 1 byte more) is refused without being read", async () => {
    const dir = tempProject();
    mkdirSync(join(dir, "generated"));
    sparse(join(dir, "generated", ".hcgen-manifest.json"), MAX_MANIFEST_BYTES + 1);
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`.hcgen-manifest.json is ${MAX_MANIFEST_BYTES + 1} bytes; the limit is ${MAX_MANIFEST_BYTES} bytes for a manifest`);
  });
  it("a manifest that is a FIFO is refused, not waited on", () => {
    const dir = tempProject();
    mkdirSync(join(dir, "generated"));
    const fifo = join(dir, "generated", ".hcgen-manifest.json");
    // mkfifo(1) from coreutils; node has no mkfifo.
    if (spawnSync("mkfifo", [fifo]).status !== 0) { console.warn("[hostile] mkfifo unavailable: FIFO manifest case skipped"); return; }
    expect(() => readManifest(join(dir, "generated"))).toThrow(/is a FIFO \(named pipe\), not an hcgen manifest/);
  });
  it("an output file or journal over the read limit is an OutputError naming it", () => {
    const dir = tempProject();
    const big = join(dir, "big.ts");
    sparse(big, MAX_OUTPUT_READ_BYTES + 1);
    expect(() => readRegular(big)).toThrow(`${big}: is ${MAX_OUTPUT_READ_BYTES + 1} bytes; the limit is ${MAX_OUTPUT_READ_BYTES} bytes`);
    expect(() => readIfExists(big)).toThrow(/the limit is/);
    expect(readIfExists(join(dir, "absent"))).toBeNull();
    expect(readIfExists(join(big, "under-a-file"))).toBeNull();
  });
  it("a huge journal left in the output directory is a clear error for generate", async () => {
    const dir = tempProject();
    expect((await hcgen(dir, "generate")).code).toBe(0);
    const before = snapshot(join(dir, "generated"));
    sparse(join(dir, "generated", ".hcgen-journal.json"), MAX_OUTPUT_READ_BYTES + 1);
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.hcgen-journal\.json: is \d+ bytes; the limit is/);
    expect(r.stderr).not.toMatch(/internal error/);
    const after = snapshot(join(dir, "generated"));
    for (const [p, c] of before) expect(after.get(p), p).toBe(c);
  });
  it("a huge lock file is garbage, hence stale: taken over", async () => {
    const dir = tempProject();
    mkdirSync(join(dir, "generated"));
    sparse(join(dir, "generated", ".hcgen-lock"), 1024 * 1024);
    const r = await hcgen(dir, "generate");
    expect(r.code, r.stderr).toBe(0);
  });
});

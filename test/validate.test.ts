// Issue 2: every check reports the exact code, line and column; bad input of every kind gets a
// positioned error instead of a crash; the CLI's exit codes follow the documented contract.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../generator/api.js";
import { main } from "../generator/cli.js";
import { captureIo } from "../generator/commands/io.js";
import { MAX_SPEC_BYTES } from "../generator/load.js";
import { FIXTURES, ROOT } from "./helpers/catalog.js";

/** "# expect: HC104 13:16 HC008 9:1" -> ["HC104 13:16", "HC008 9:1"]; "(none)" -> []. */
function expectations(file: string): string[] {
  const first = readFileSync(file, "utf8").split("\n")[0]!;
  const m = /^# expect: (.*)$/.exec(first);
  if (!m) throw new Error(`${file} has no '# expect:' line`);
  return m[1] === "(none)" ? [] : m[1]!.match(/HC\d{3} \d+:\d+/g)!;
}

function found(inputs: string[], file?: string): string[] {
  const r = loadModel(inputs, { cwd: ROOT });
  return r.diagnostics.filter((d) => !file || d.file.endsWith(file)).map((d) => `${d.code} ${d.line}:${d.col}`).sort();
}

describe("each check has an invalid fixture with the exact code, line and column", () => {
  const dir = join(FIXTURES, "invalid");
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  it("covers every semantic check and the input errors", () => {
    const codes = new Set(files.map((f) => f.slice(0, 5)));
    for (const c of ["HC005", "HC006", "HC007", "HC008", "HC009", "HC130"]) expect(codes).toContain(c);
    // HC117 (number space) and HC118 (duplicate id) need two files: they live in fixtures/multi/.
    for (let n = 101; n <= 120; n++) if (n !== 117 && n !== 118) expect(codes).toContain(`HC${n}`);
    const multi = ["space", "dup-id"].flatMap((d) => readdirSync(join(FIXTURES, "multi", d)).map((f) => expectations(join(FIXTURES, "multi", d, f)).join(" ")));
    expect(multi.join(" ")).toMatch(/HC117/);
    expect(multi.join(" ")).toMatch(/HC118/);
  });
  for (const f of files) {
    it(f, () => {
      const want = expectations(join(dir, f)).sort();
      expect(want.length).toBeGreaterThan(0);
      expect(found([join(dir, f)])).toEqual(want);
    });
  }
  for (const sub of ["space", "dup-id"]) {
    it(`multi-file: ${sub}`, () => {
      const d = join(FIXTURES, "multi", sub);
      for (const f of readdirSync(d)) expect(found([d], f), f).toEqual(expectations(join(d, f)).sort());
    });
  }
});

describe("bad input gets a positioned error, quickly, never an exception", () => {
  const tmp = mkdtempSync(join(tmpdir(), "hcgen-input-"));
  const write = (name: string, data: string | Uint8Array) => { const p = join(tmp, name); writeFileSync(p, data); return p; };
  const one = (p: string) => loadModel([p]).diagnostics.map((d) => `${d.code} ${d.line}:${d.col}`);

  it("empty and comment-only files", () => {
    expect(one(write("empty.yaml", ""))).toEqual(["HC002 1:1"]);
    expect(one(write("comments.yaml", "# yaml-language-server: $schema=x\n\n# nothing\n"))).toEqual(["HC002 1:1"]);
  });
  it("binary input (a NUL byte) names its line", () => {
    expect(one(write("bin.yaml", Uint8Array.from([0x68, 0x0a, 0x69, 0x00, 0x01])))).toEqual(["HC004 2:2"]);
  });
  it("non-UTF-8 input", () => {
    const r = loadModel([write("latin1.yaml", Uint8Array.from([...Buffer.from("title: caf"), 0xe9, 0x0a]))]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["HC004"]);
    expect(r.diagnostics[0]!.message).toMatch(/not valid UTF-8 \(byte 0xe9 at offset 10\)/);
  });
  it("huge files are refused before parsing", () => {
    const p = write("huge.yaml", "# " + "x".repeat(MAX_SPEC_BYTES) + "\n");
    expect(one(p)).toEqual(["HC003 1:1"]);
  });
  it("a missing file and a directory without specs", () => {
    expect(one(join(tmp, "nope.yaml"))).toEqual(["HC001 1:1"]);
  });
  it("a UTF-8 byte-order mark is accepted", () => {
    const demo = readFileSync(join(FIXTURES, "valid", "demo.yaml"));
    const r = loadModel([write("bom.yaml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), demo]))]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe("hcgen CLI contract", () => {
  const run = async (...args: string[]) => { const io = captureIo(ROOT); const code = await main(args, io); return { code, ...io }; };
  it("validate: 0 on a valid spec", async () => {
    const r = await run("validate", "test/fixtures/valid/demo.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("ok: 1 ABI, 6 calls\n");
  });
  it("validate: 1 on an invalid spec, with file:line:col, the field path and a hint, and no stack trace", async () => {
    const r = await run("validate", "test/fixtures/invalid/HC104-unknown-register.yaml");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("test/fixtures/invalid/HC104-unknown-register.yaml:13:16: error HC104: register 'q9' does not exist on riscv64 (did you mean 's9'?) (at arches.riscv64.args[1])\n  13 |     args: [a0, q9]\n     |                ^^\n  hint: riscv64 general-purpose registers are");
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });
  it("reports every problem, not just the first", async () => {
    const r = await run("validate", "test/fixtures/invalid");
    expect(r.code).toBe(1);
    expect(r.stderr.match(/: error HC\d{3}:/g)!.length).toBeGreaterThanOrEqual(20);
  });
  it("usage errors exit 2", async () => {
    expect((await run("validate", "--bogus")).code).toBe(2);
    expect((await run("frobnicate")).code).toBe(2);
    expect((await run("model", "test/fixtures/valid/demo.yaml")).code).toBe(2); // --json is required
    expect((await run("model", "--json", "--abi", "nope", "test/fixtures/valid/demo.yaml")).code).toBe(2);
  });
  it("--help on every command", async () => {
    for (const c of ["validate", "model"]) {
      const r = await run(c, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: hcgen ${c}`));
    }
    const top = await run("--help");
    expect(top.stdout).toContain("commands:");
  });
  it("validate --help lists every diagnostic code", async () => {
    const r = await run("validate", "--help");
    for (const code of ["HC001", "HC101", "HC116", "HC118"]) expect(r.stdout).toContain(code);
  });
});

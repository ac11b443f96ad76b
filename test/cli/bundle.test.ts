// bin/hcgen.js runs dist/generator/cli.bundle.cjs (scripts/build-bundle.mjs: the CLI's modules in one
// file, for start-up time) when it is current, else the module tree. The two must be the same program:
// same bytes out, same messages, same exit codes; and a stale or disabled bundle must never run.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES, ROOT, SPEC_DIR } from "../helpers/catalog.js";

const made: string[] = [];
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });
const tmp = () => { const d = mkdtempSync(join(tmpdir(), "hcgen-bundle-")); made.push(d); return d; };

function hcgen(bin: string, args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const BIN = join(ROOT, "bin", "hcgen.js");
const tree = (args: string[], cwd?: string) => hcgen(BIN, args, { HCGEN_NO_BUNDLE: "1" }, cwd);
const bundled = (args: string[], cwd?: string) => hcgen(BIN, args, {}, cwd);

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p); else out.set(relative(dir, p), readFileSync(p, "latin1"));
    }
  };
  walk(dir);
  return out;
}

describe("the bundled CLI and the module tree", () => {
  it("the build made a current bundle", () => {
    const bundle = statSync(join(ROOT, "dist/generator/cli.bundle.cjs"));
    expect(bundle.mtimeMs).toBeGreaterThanOrEqual(statSync(join(ROOT, "dist/generator/pipeline/build-id.js")).mtimeMs);
  });

  it("generate the catalog to byte-identical trees, manifests included", () => {
    const a = join(tmp(), "out"), b = join(tmp(), "out");
    const ra = bundled(["generate", "--out", a, SPEC_DIR]), rb = tree(["generate", "--out", b, SPEC_DIR]);
    expect(ra.code, ra.err).toBe(0);
    expect(rb.code, rb.err).toBe(0);
    expect(ra.out.replaceAll(a, "OUT")).toBe(rb.out.replaceAll(b, "OUT"));
    const fa = files(a), fb = files(b);
    expect([...fa.keys()].sort()).toEqual([...fb.keys()].sort());
    for (const [p, text] of fa) expect(text === fb.get(p), p).toBe(true);
    // The bundle carries the stamped build id: a second bundled run reuses every part the tree's run wrote.
    const again = bundled(["generate", "--out", b, SPEC_DIR]);
    expect(again.out).toMatch(/emitter parts up to date, not run/);
    expect(again.out).toMatch(/\b0 written\b/);
  });

  it("print the same help, version, diagnostics and exit codes", () => {
    const invalid = readdirSync(join(FIXTURES, "invalid")).filter((f) => f.endsWith(".yaml")).slice(0, 4);
    const cases = [["--version"], ["--help"], ["generate", "--help"], ["genrate"], ["check", "--nope"],
      ...invalid.map((f) => ["validate", join(FIXTURES, "invalid", f)])];
    for (const args of cases) {
      const a = bundled(args), b = tree(args);
      expect({ args, ...a }).toEqual({ args, ...b });
    }
  });
});

describe("the launcher", () => {
  // A copy of bin/ and dist/ whose bundle, when run, says so: which program answers shows which was chosen.
  function copy(): { bin: string; bundle: string; stamp: string } {
    const dir = tmp();
    for (const d of ["bin", "dist"]) cpSync(join(ROOT, d), join(dir, d), { recursive: true, preserveTimestamps: true });
    cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    const bundle = join(dir, "dist/generator/cli.bundle.cjs");
    writeFileSync(bundle, `exports.main = async () => { process.stdout.write("from the bundle\\n"); return 0; };\n`);
    return { bin: join(dir, "bin/hcgen.js"), bundle, stamp: join(dir, "dist/generator/pipeline/build-id.js") };
  }

  it("runs a current bundle, and the module tree when the bundle is stale, missing or disabled", () => {
    const c = copy();
    const future = new Date(Date.now() + 60_000), past = new Date(Date.now() - 60_000);
    utimesSync(c.stamp, past, past);
    utimesSync(c.bundle, future, future);
    expect(hcgen(c.bin, ["--version"]).out).toBe("from the bundle\n");
    expect(hcgen(c.bin, ["--version"], { HCGEN_NO_BUNDLE: "1" }).out).toMatch(/^hcgen \d+\.\d+\.\d+\n$/);
    // tsc rewrote the tree after the bundle was built: the bundle no longer matches it.
    utimesSync(c.bundle, past, past);
    utimesSync(c.stamp, future, future);
    expect(hcgen(c.bin, ["--version"]).out).toMatch(/^hcgen \d+\.\d+\.\d+\n$/);
    rmSync(c.bundle);
    expect(hcgen(c.bin, ["--version"]).out).toMatch(/^hcgen \d+\.\d+\.\d+\n$/);
  });
});

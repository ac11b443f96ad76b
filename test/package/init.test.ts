// `hcgen init` scaffolds, the project config and the library API, in process (fast). The packed,
// installed package is proven separately in pack.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { INIT_ARCHES } from "../../generator/init/arches.js";
import { check, ConfigError, formatDiagnostic, generate, load, parseConfig, resolveConfig, validate } from "../../generator/index.js";
import { ROOT } from "../helpers/catalog.js";

const dirs: string[] = [];
const temp = () => { const d = mkdtempSync(join(tmpdir(), "hcgen-init-")); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function cli(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe("hcgen init", () => {
  it.each(Object.keys(INIT_ARCHES))("scaffolds a spec for %s that validates and generates as written", async (arch) => {
    const dir = temp();
    const r = await cli(dir, "init", "--id", "my-abi", "--arch", arch);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("created spec/my-abi.yaml");
    const v = validate(join(dir, "spec"), { cwd: dir });
    expect(v.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(v).toMatchObject({ ok: true, abis: 1, calls: 1 });
    const g = generate({ cwd: dir, only: ["ts", "c"] });
    expect(g.ok).toBe(true);
    const table = g.files.find((f) => f.path === "ts/my-abi.ts")!.content;
    expect(table).toContain('from "hcgen/runtime"');
  });

  it("points the schema line at node_modules/hcgen outside this repository, at spec/ inside it", async () => {
    const dir = temp();
    await cli(dir, "init", "--id", "x");
    expect(readFileSync(join(dir, "spec/x.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/hcgen\/spec\/hcgen\.schema\.json\n/);
    const { schemaPathFor } = await import("../../generator/commands/init.js");
    expect(schemaPathFor(join(ROOT, "examples/foo/spec"), join(ROOT, "examples/foo"))).toBe("../../../spec/hcgen.schema.json");
  });

  it("refuses to overwrite (exit 1, nothing written) and rejects bad ids and arches (exit 2)", async () => {
    const dir = temp();
    writeFileSync(join(dir, "hcgen.config.yaml"), "out: mine\n");
    const r = await cli(dir, "init");
    expect(r.code).toBe(1);
    expect(r.err).toContain("refusing to overwrite hcgen.config.yaml");
    expect(readFileSync(join(dir, "hcgen.config.yaml"), "utf8")).toBe("out: mine\n");
    expect((await cli(dir, "init", "sub", "--id", "Bad_Id")).code).toBe(2);
    const bad = await cli(dir, "init", "sub", "--arch", "vax");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("x86_64");
    expect(bad.err).not.toMatch(/\n\s+at /); // no stack trace
    expect((await cli(dir, "init", "--help")).out).toContain("usage: hcgen init");
  });
});

describe("hcgen.config.yaml", () => {
  it("reports every problem at its line and column", () => {
    const { diagnostics } = parseConfig("spec: [spec]\nout: 3\noutputs: [ts, pdf]\noutptus: []\n", "hcgen.config.yaml");
    expect(diagnostics.map(formatDiagnostic).map((s) => s.split("\n")[0])).toEqual([
      "hcgen.config.yaml:2:6: error HC008: 'out' must be a non-empty string (at out)",
      "hcgen.config.yaml:3:15: error HC008: unknown output kind 'pdf' (at outputs[1])",
      "hcgen.config.yaml:4:1: error HC008: unknown config key 'outptus' (at outptus)",
    ]);
  });

  it("is read from the cwd; flags win; paths are relative to the config file", async () => {
    const dir = temp();
    await cli(dir, "init", "--id", "cfg");
    writeFileSync(join(dir, "hcgen.config.yaml"), "spec: spec/cfg.yaml\nout: gen\noutputs: [json]\nruntimeImport: my-runtime\n");
    const c = resolveConfig(dir);
    expect(c).toMatchObject({ out: join(dir, "gen"), outputs: ["json"], runtimeImport: "my-runtime", spec: [join(dir, "spec/cfg.yaml")] });
    expect(resolveConfig(dir, { out: "other", only: "ts" })).toMatchObject({ out: join(dir, "other"), outputs: null });
    const r = await cli(dir, "generate");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("(gen/)");
    expect(readFileSync(join(dir, "gen/json/cfg.json"), "utf8")).toContain('"id": "cfg"');
    expect((await cli(dir, "check")).code).toBe(0);
    writeFileSync(join(dir, "hcgen.config.yaml"), "out: [1]\n");
    const bad = await cli(dir, "generate");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("hcgen.config.yaml:1:6: error HC008: 'out' must be a non-empty string");
    expect(() => resolveConfig(dir)).toThrow(ConfigError);
  });

  it("keeps the relative runtime import for the bundled catalog only", () => {
    expect(resolveConfig(ROOT, {}, false).runtimeImport).toBe("../../runtime/index.js");
    expect(resolveConfig(ROOT, { out: "elsewhere" }, false).runtimeImport).toBe("hcgen/runtime");
  });
});

describe("library API", () => {
  it("load/validate give the CLI's diagnostics as data; generate writes; check compares", async () => {
    const dir = temp();
    await cli(dir, "init", "--id", "lib", "--arch", "aarch64");
    const spec = join(dir, "spec/lib.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("args: [x1, x2, x3, x4]", "args: [x1, q9]"));
    const bad = load(spec, { cwd: dir });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]).toMatchObject({ file: "spec/lib.yaml", severity: "error", code: "HC104", path: "arches.aarch64.args[1]" });
    expect(bad.diagnostics[0]!.line).toBeGreaterThan(1);
    writeFileSync(spec, readFileSync(spec, "utf8").replace("args: [x1, q9]", "args: [x1, x2]"));
    expect(check({ cwd: dir })).toMatchObject({ ok: true, upToDate: false });
    const g = generate({ cwd: dir, write: true });
    expect(g.written?.written.length).toBe(g.files.length);
    expect(check({ cwd: dir })).toMatchObject({ ok: true, upToDate: true, report: "" });
    expect(load(spec, { cwd: dir }).model.abis[0]!.calls[0]!.name).toBe("lib_echo");
  });
});

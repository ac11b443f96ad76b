// hcgen.config.yaml is honoured by every command that reads specs, not only generate/check/watch: a
// user project whose config says `spec: [abi]` (and has no ./spec) validates, prints its model, diffs,
// allocates, decodes and traces with no spec argument. In process (fast); the installed package runs
// the same in test/package/pack.test.ts.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { validate } from "../../generator/index.js";

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function cli(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** A project as `hcgen init --arch riscv64` writes it, with the spec moved to abi/ and the config saying so. */
async function project(config = "spec: [abi]\nout: gen\n"): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "hcgen-config-"));
  dirs.push(dir);
  expect((await cli(dir, "init", "--arch", "riscv64")).code).toBe(0);
  renameSync(join(dir, "spec"), join(dir, "abi"));
  writeFileSync(join(dir, "hcgen.config.yaml"), config);
  return dir;
}

let dir: string;
beforeAll(async () => { dir = await project(); });

describe("a project whose hcgen.config.yaml says spec: [abi]", () => {
  it("validate reads the config's specs", async () => {
    const r = await cli(dir, "validate");
    expect(r).toEqual({ code: 0, out: "ok: 1 ABI, 1 calls\n", err: "" });
    const json = await cli(dir, "validate", "--format", "json");
    expect(json).toEqual({ code: 0, out: "[]\n", err: "" });
  });

  it("model --json prints the config's ABI", async () => {
    const r = await cli(dir, "model", "--json");
    expect(r.code, r.err).toBe(0);
    const m = JSON.parse(r.out) as { abis: { id: string; file: string }[] };
    expect(m.abis.map((a) => [a.id, a.file])).toEqual([["my-abi", "abi/my-abi.yaml"]]);
  });

  it("diff compares the config's specs with another version", async () => {
    const old = join(dir, "old");
    cpSync(join(dir, "abi"), old, { recursive: true });
    expect(await cli(dir, "diff", "--against", "old")).toMatchObject({ code: 0 });
    const spec = join(old, "my-abi.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("id: 1", "id: 7"));
    const r = await cli(dir, "diff", "--against", "old");
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^abi\/my-abi\.yaml:\d+:\d+: BREAKING call-renumbered: 'my_abi_echo' renumbered: number=0x7 -> number=0x1 on riscv64\n/);
    rmSync(old, { recursive: true });
  });

  it("allocate adds the call to the config's spec directory and pins it in abi/hcgen.lock", async () => {
    const r = await cli(dir, "allocate", "my-abi", "my_abi_second");
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^hcgen allocate: my_abi_second = number=0x2 \(abi\/my-abi\.yaml:\d+\); pinned in hcgen\.lock\n$/);
    expect(readFileSync(join(dir, "abi/my-abi.yaml"), "utf8")).toContain("- name: my_abi_second");
    expect(readFileSync(join(dir, "abi/hcgen.lock"), "utf8")).toContain("my_abi_second");
    expect(await cli(dir, "allocate", "--update-lock")).toMatchObject({ code: 0, out: expect.stringContaining("wrote abi/hcgen.lock") });
  });

  it("decode decodes with the config's ABI", async () => {
    writeFileSync(join(dir, "calls.jsonl"), '{"arch":"riscv64","regs":{"a7":"0x1","a0":"0x29"}}\n');
    const r = await cli(dir, "decode", "calls.jsonl");
    expect(r).toEqual({ code: 0, err: "", out: "calls.jsonl:1: my_abi_echo(value=0x29) [my-abi riscv64 number=0x1]\n" });
  });

  it("trace loads the config's specs before it connects", async () => {
    // The ABI exists (it came from abi/), it just has no aarch64: that is the proof; nothing is contacted.
    const r = await cli(dir, "trace", "--gdb", "127.0.0.1:9", "--abi", "my-abi", "--arch", "aarch64", "--scan", "0x0:0x10");
    expect(r).toEqual({ code: 2, out: "", err: "hcgen trace: ABI 'my-abi' has no arch aarch64\nRun `hcgen trace --help` for usage.\n" });
  });

  it("the library's validate() reads the config too", () => {
    expect(validate(undefined, { cwd: dir })).toMatchObject({ ok: true, abis: 1, calls: 2 });
  });
});

describe("config and command line together", () => {
  it("named specs win over the config; --config FILE works from another directory", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "hcgen-config-cwd-"));
    dirs.push(elsewhere);
    expect((await cli(elsewhere, "validate")).code).toBe(2);
    const r = await cli(elsewhere, "validate", "--config", join(dir, "hcgen.config.yaml"));
    expect(r).toMatchObject({ code: 0, out: "ok: 1 ABI, 2 calls\n" });
    mkdirSync(join(dir, "other"));
    writeFileSync(join(dir, "other/bad.yaml"), "hcgen: 1\nid: bad\n");
    const named = await cli(dir, "validate", "other");
    expect(named.code).toBe(1);
    expect(named.err).toContain("other/bad.yaml:");
    rmSync(join(dir, "other"), { recursive: true });
  });

  it("an invalid config stops every command with its position (exit 2)", async () => {
    const bad = await project("spec: [abi]\nouptut: gen\n");
    for (const args of [["validate"], ["model", "--json"], ["diff", "--against", "abi"], ["allocate", "my-abi", "x"], ["decode", "none.log"]]) {
      const r = await cli(bad, ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toContain("hcgen.config.yaml:2:1: error HC008: unknown config key 'ouptut' (at ouptut)");
    }
  });

  it("an unknown key near a known one gets that one as the hint, with what it means", async () => {
    const r = await cli(await project("spec: [abi]\noutptus: [ts]\n"), "validate");
    expect(r.code).toBe(2);
    expect(r.err).toContain("hcgen.config.yaml:2:1: error HC008: unknown config key 'outptus' (at outptus)");
    expect(r.err).toContain("  hint: did you mean 'outputs'? (output kinds to emit, a list of: ts, c, docs, json); known keys: spec, out, outputs, runtimeImport\n");
    // Far from every key: the whole list, each with its meaning.
    const far = await cli(await project("spec: [abi]\nzzz: 1\n"), "validate");
    expect(far.err).toContain("  hint: known keys: spec (spec files or directories (a string or a list)); out (output directory); outputs (output kinds");
  });

  it("an invalid config shows the line and a caret like a spec diagnostic, coloured only when wanted", async () => {
    const bad = await project("spec: [abi]\nouptut: gen\n");
    const plain = await cli(bad, "validate");
    expect(plain).toEqual({ code: 2, out: "", err: [
      "hcgen validate: invalid configuration:",
      "hcgen.config.yaml:2:1: error HC008: unknown config key 'ouptut' (at ouptut)",
      "  2 | ouptut: gen",
      "    | ^^^^^^",
      "  hint: did you mean 'outputs'? (output kinds to emit, a list of: ts, c, docs, json); known keys: spec, out, outputs, runtimeImport",
      "Run `hcgen validate --help` for usage.", ""].join("\n") });
    const colored = async (env: Record<string, string>, ...flags: string[]) => {
      const io = Object.assign(captureIo(bad), { env, isTTY: false });
      expect(await main(["validate", ...flags], io)).toBe(2);
      return io.stderr;
    };
    const red = "\x1b[1;31m^^^^^^\x1b[0m";
    expect(await colored({}, "--color", "always")).toContain(red);
    expect(await colored({ FORCE_COLOR: "1" })).toContain(red);
    expect(await colored({ FORCE_COLOR: "1" }, "--color=never")).not.toContain("\x1b[");
    expect(await colored({ NO_COLOR: "1" })).not.toContain("\x1b[");
    // Stripped of colour, the coloured text is the plain one.
    expect((await colored({}, "--color", "always")).replace(/\x1b\[[0-9;]*m/g, "")).toBe(plain.err);
  });

  it("allocate needs one spec directory: a config naming two asks for --dir", async () => {
    const two = await project("spec: [abi, more]\n");
    mkdirSync(join(two, "more"));
    const r = await cli(two, "allocate", "my-abi", "x");
    expect(r).toEqual({ code: 2, out: "", err: "hcgen allocate: the config's spec names 2 paths, but this command needs one spec directory; pass --dir DIR\nRun `hcgen allocate --help` for usage.\n" });
    expect((await cli(two, "allocate", "my-abi", "my_abi_x", "--dir", "abi")).code).toBe(0);
  });

  it("without config and without ./spec, says how to start", async () => {
    const empty = mkdtempSync(join(tmpdir(), "hcgen-config-empty-"));
    dirs.push(empty);
    const r = await cli(empty, "validate");
    expect(r).toEqual({ code: 2, out: "", err: "hcgen validate: no spec files given and there is no spec directory (run `hcgen init` to start a project)\nRun `hcgen validate --help` for usage.\n" });
  });
});

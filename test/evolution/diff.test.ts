// `hcgen diff`: one fixture pair per rule (test/evolution/fixtures/<rule>/{old,new}.yaml), the
// acknowledgement, the three output formats and the git-ref mode.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { argBreak } from "../../generator/evolution/compare-calls.js";
import { BREAKING_RULES, COMPATIBLE_RULES, type Change } from "../../generator/evolution/rules.js";
import { ROOT } from "../helpers/catalog.js";

const FIX = fileURLToPath(new URL("./fixtures/", import.meta.url));
const run = async (cwd: string, ...args: string[]) => { const io = captureIo(cwd); const code = await main(args, io); return { code, ...io }; };
const diffJson = async (rule: string) => {
  const r = await run(ROOT, "diff", "--format", "json", "--against", `test/evolution/fixtures/${rule}/old.yaml`, `test/evolution/fixtures/${rule}/new.yaml`);
  return { code: r.code, stderr: r.stderr, changes: (JSON.parse(r.stdout) as { changes: Change[] }).changes };
};

describe("hcgen diff rules", () => {
  const rules = [...Object.keys(BREAKING_RULES), ...Object.keys(COMPATIBLE_RULES)];
  it("has a fixture pair for every rule", () => {
    const dirs = readdirSync(FIX);
    for (const r of rules) expect(dirs).toContain(r);
  });

  for (const rule of rules) {
    const breaking = rule in BREAKING_RULES;
    it(`${rule} is ${breaking ? "breaking (exit 1)" : "compatible (exit 0)"}`, async () => {
      const { code, changes, stderr } = await diffJson(rule);
      expect(stderr).toBe("");
      const hit = changes.filter((c) => c.rule === rule);
      expect(hit.length).toBeGreaterThan(0);
      expect(hit.every((c) => c.breaking === breaking)).toBe(true);
      expect(hit[0]!.file).toBe(`test/evolution/fixtures/${rule}/new.yaml`);
      expect(code).toBe(breaking ? 1 : 0);
      if (!breaking) expect(changes.every((c) => !c.breaking)).toBe(true);
    });
  }

  it("points at the changed call's line in the current spec", async () => {
    const { changes } = await diffJson("call-renumbered");
    const lines = readFileSync(join(FIX, "call-renumbered/new.yaml"), "utf8").split("\n");
    expect(lines[changes[0]!.line - 1]).toContain("name: EVO_SEND");
    expect(changes[0]!.message).toBe("'EVO_SEND' renumbered: number=0x2 -> number=0x4 on riscv64, x86_64");
  });

  it("an acknowledged break is reported but does not fail", async () => {
    const { code, changes } = await diffJson("acknowledged");
    expect(code).toBe(0);
    expect(changes).toEqual([expect.objectContaining({ rule: "call-renumbered", breaking: true, acknowledged: "2 was never released" })]);
  });

  it("classifies argument changes by register representation", () => {
    const a = (name: string, type: string) => ({ name, type, dir: null, register: null, doc: "" }) as never;
    expect(argBreak("arguments", [a("x", "u64")], [a("x", "ulong")], 64)).toBeNull();
    expect(argBreak("arguments", [a("x", "u64")], [a("x", "ulong")], 32)).toMatch(/retyped: x u64 -> ulong/);
    expect(argBreak("arguments", [a("x", "u64"), a("y", "u8")], [a("x", "u64")], 64)).toMatch(/dropped: y/);
    expect(argBreak("arguments", [a("x", "u64")], [a("x", "u64"), a("y", "u8")], 64)).toBeNull();
  });
});

describe("hcgen diff output and sources", () => {
  it("text output is file:line:col first, with a summary", async () => {
    const r = await run(ROOT, "diff", "--against", "test/evolution/fixtures/error-changed/old.yaml", "test/evolution/fixtures/error-changed/new.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^test\/evolution\/fixtures\/error-changed\/new\.yaml:\d+:\d+: BREAKING error-changed: error EVO_EINVAL changed: 22 -> 23/);
    expect(r.stdout).toMatch(/1 breaking, 0 acknowledged, 0 compatible changes/);
  });

  it("github output is workflow annotations", async () => {
    const r = await run(ROOT, "diff", "--format", "github", "--against", "test/evolution/fixtures/trap-changed/old.yaml", "test/evolution/fixtures/trap-changed/new.yaml");
    expect(r.stdout.split("\n")[0]).toMatch(/^::error file=test\/evolution\/fixtures\/trap-changed\/new\.yaml,line=\d+,col=\d+,title=hcgen diff%3A BREAKING trap-changed::trap 'vmcall' on x86_64 changed/);
  });

  it("compares with a git ref and with a directory", async () => {
    const repo = mkdtempSync(join(tmpdir(), "hcgen-diff-git-"));
    mkdirSync(join(repo, "spec"));
    copyFileSync(join(FIX, "call-removed/old.yaml"), join(repo, "spec/evo.yaml"));
    const git = (...a: string[]) => execFileSync("git", a, { cwd: repo, stdio: "pipe" });
    git("init", "-q");
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", "spec");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base");
    writeFileSync(join(repo, "spec/evo.yaml"), readFileSync(join(FIX, "call-removed/new.yaml")));
    const r = await run(repo, "diff", "--against", "HEAD");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^spec\/evo\.yaml:\d+:3: BREAKING call-removed: 'EVO_OLD'/);
    expect((await run(repo, "diff", "--against", "spec")).stdout).toMatch(/no changes against spec/);
  });

  it("usage errors exit 2 without a stack", async () => {
    for (const args of [["diff"], ["diff", "--against", "no-such-ref-or-path"], ["diff", "--against", "spec", "--format", "xml"]]) {
      const r = await run(ROOT, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("the catalog has no unacknowledged break against itself", async () => {
    const r = await run(ROOT, "diff", "--against", "spec");
    expect(r.code).toBe(0);
  });
});

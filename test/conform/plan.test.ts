// `hcgen conform` plan validation: every problem at its plan line and column, with the field and a
// hint, exit 2 and nothing built. Also the exact refusals that keep plan text out of C and the
// command line. In-process (bin's main with captured output); needs no clang or QEMU.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";

const dir = mkdtempSync(join(tmpdir(), "hcgen-conform-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function conform(plan: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  writeFileSync(join(dir, "plan.yaml"), plan);
  const io = captureIo(dir);
  const code = await main(["conform", "plan.yaml", ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const HEAD = "hcgen-conform: 1\nabi: riscv-sbi\nmachine: riscv64-virt\n";

describe("hcgen conform: plan errors", () => {
  it("names each bad step field at its position, sorted, with a hint, and builds nothing", async () => {
    const r = await conform(`${HEAD}steps:
  - call: sbi_get_spec_verison
  - call: sbi_probe_extension
    args: [{ c: "system(1)" }]
    expect:
      - { field: eror, eq: 0 }
  - call: sbi_probe_extension
    args: [-1]
    check: "two words"
    expect:
      - { field: value, eq: { error: SBI_NOPE } }
`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toEqual([
      "plan.yaml:5:11: error HC401: riscv-sbi has no call 'sbi_get_spec_verison' (at steps[0].call)",
      "  hint: did you mean 'sbi_get_spec_version'?",
      "plan.yaml:7:12: error HC401: a value must be an integer, { id: CALL }, { error: NAME } or { magic: NAME } (at steps[1].args[0])",
      "  hint: plans carry no C expressions; names come from the spec",
      "plan.yaml:9:18: error HC401: no result 'eror' to check (at steps[1].expect[0].field)",
      "  hint: results: error, value",
      "plan.yaml:11:12: error HC401: -1 is outside 0 .. 2^64-1 (at steps[2].args[0])",
      "  hint: write the register's two's complement, e.g. 0xffffffffffffffff for -1",
      "plan.yaml:12:12: error HC401: 'check' must be one word of letters, digits and _ . : + = < > - (at most 64) (at steps[2].check)",
      "  hint: e.g. check: version>=1.0",
      expect.stringMatching(/^plan\.yaml:14:38: error HC401: riscv-sbi has no error 'SBI_NOPE' \(at steps\[2\]\.expect\[0\]\.eq\.error\)$/),
      expect.stringMatching(/^  hint: known: SBI_/),
      "hcgen conform: 6 plan errors; nothing was built",
      "",
    ]);
  });

  it("top-level problems: unknown key with its near miss, a spec path that leaves the plan's directory, no steps", async () => {
    const r = await conform("hcgen-conform: 1\nabi: riscv-sbi\nmachin: riscv64-virt\nspec: ../x.yaml\nsteps: []\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe([
      "plan.yaml:1:1: error HC401: the plan names no 'machine'",
      "  hint: add machine: riscv64-virt",
      "plan.yaml:3:1: error HC401: unknown plan key 'machin' (at machin)",
      "  hint: did you mean 'machine'? (the QEMU machine: riscv64-virt)",
      "plan.yaml:4:7: error HC401: spec path '../x.yaml' leaves the plan's directory (at spec)",
      "  hint: spec paths are relative to the plan file and stay below its directory",
      "plan.yaml:5:8: error HC401: the plan needs a non-empty list 'steps' (at steps)",
      "  hint: e.g. steps: [{ call: <a call of the spec> }]",
      "hcgen conform: 4 plan errors; nothing was built",
      "",
    ].join("\n"));
  });

  it("checks arity, probe names and identity fields, and final steps against the spec", async () => {
    const r = await conform(`${HEAD}steps:
  - call: sbi_probe_extension
    check: same
    expect: [{ field: error, eq: 0 }]
  - call: sbi_get_spec_version
    probe: { name: "x; system()", id: { eid: 1 } }
  - call: sbi_get_spec_version
    probe: { name: p1, id: { nope: 1 } }
    check: same
    expect: [{ field: error, eq: 0 }]
  - call: sbi_system_reset
    args: [0, 0]
    final: true
    check: x
  - call: sbi_get_spec_version
`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe([
      "plan.yaml:5:5: error HC401: sbi_probe_extension takes 1 argument(s) (extension_id), the step gives 0 (at steps[0])",
      "plan.yaml:9:12: error HC401: 'probe' must be { name: <C identifier>, id: { <identity field>: <integer>, ... } } (at steps[1].probe)",
      "  hint: e.g. probe: { name: unknown_fid, id: { fid: 0x7fff } }",
      "plan.yaml:11:30: error HC401: riscv-sbi has no identity field 'nope' (at steps[2].probe.id.nope)",
      "  hint: identity fields: eid, fid",
      "plan.yaml:16:12: error HC401: a final step cannot have checks: it must not return (at steps[3].final)",
      "  hint: move the checks to an earlier step",
      "plan.yaml:16:12: error HC401: only the last step can be final (at steps[3].final)",
      "  hint: move the power-off call to the end",
      "hcgen conform: 5 plan errors; nothing was built",
      "",
    ].join("\n"));
  });

  it("two checks with one label", async () => {
    const r = await conform(`${HEAD}steps:
  - call: sbi_get_spec_version
    check: same
    expect: [{ field: error, eq: 0 }]
  - call: sbi_get_impl_id
    check: same
    expect: [{ field: error, eq: 0 }]
`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("plan.yaml:9:12: error HC401: two checks named 'same' (also steps[0]) (at steps[1].check)\n  hint: give one of them its own check: label");
  });

  it("two probes with one name (each becomes one generated stub)", async () => {
    const r = await conform(`${HEAD}steps:
  - call: sbi_get_spec_version
    probe: { name: p1, id: { eid: 0x0badca11 } }
  - call: sbi_get_spec_version
    probe: { name: p1, id: { eid: 0x0badca12 } }
`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("plan.yaml:8:20: error HC401: two probes named 'p1' (also steps[0]) (at steps[1].probe.name)\n"
      + "  hint: each probe becomes one generated stub; give this one its own name\nhcgen conform: 1 plan error; nothing was built\n");
  });

  it("an ABI the spec lacks, and an ABI without the machine's arch", async () => {
    const r = await conform("hcgen-conform: 1\nabi: riscv-sbx\nmachine: riscv64-virt\nsteps: [{ call: x }]\n");
    expect(r.stderr).toContain("plan.yaml:2:6: error HC401: the spec has no ABI 'riscv-sbx' (at abi)\n  hint: did you mean 'riscv-sbi'?");
    const papr = await conform("hcgen-conform: 1\nabi: papr\nmachine: riscv64-virt\nsteps: [{ call: H_SET_SPRG0 }]\n");
    expect(papr.code).toBe(2);
    expect(papr.stderr).toMatch(/^plan\.yaml:3:10: error HC401: papr has no riscv64 arch, which machine riscv64-virt needs \(at machine\)\n  hint: papr arches: ppc64/);
  });

  it("YAML errors and non-mapping plans are positioned too", async () => {
    const r = await conform("- just\n- a list\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^plan\.yaml:1:1: error HC401: a plan must be a YAML mapping at the top level/);
    const y = await conform("hcgen-conform: 1\nabi: [riscv-sbi\n");
    expect(y.code).toBe(2);
    expect(y.stderr).toMatch(/^plan\.yaml:\d+:\d+: error HC005: /);
  });

  it("usage errors: no plan, bad --timeout, --keep over a directory hcgen does not own, a missing --bios", async () => {
    const io = captureIo(dir);
    expect(await main(["conform"], io)).toBe(2);
    expect(io.stderr).toContain("hcgen conform: name the plan file: hcgen conform PLAN.yaml");
    expect((await conform(`${HEAD}steps: [{ call: sbi_get_spec_version }]\n`, "--timeout", "0")).stderr).toContain("--timeout '0' must be whole seconds from 1 to 3600");
    writeFileSync(join(dir, "precious.txt"), "mine");
    const keep = await conform(`${HEAD}steps: [{ call: sbi_get_spec_version }]\n`, "--keep", ".");
    expect(keep.code).toBe(2);
    expect(keep.stderr).toContain("--keep . is not empty and was not made by hcgen conform");
    expect((await conform(`${HEAD}steps: [{ call: sbi_get_spec_version }]\n`, "--bios", "nope.elf")).stderr).toContain("--bios nope.elf: no such file");
  });

  it("--help names the options and exit codes", async () => {
    const io = captureIo(dir);
    expect(await main(["conform", "--help"], io)).toBe(0);
    for (const s of ["--bios FILE", "--kernel FILE", "--timeout SECONDS", "--keep DIR", "--build-only", "Exit status: 0"]) expect(io.stdout).toContain(s);
  });
});

describe("hcgen conform: plan text never becomes C as written", () => {
  it("a hostile title is escaped in the C string and cannot end the comment", async () => {
    const { loadCatalog } = await import("../helpers/catalog.js");
    const { parsePlan, checkPlan } = await import("../../generator/conform/plan.js");
    const { conformanceGuest } = await import("../../generator/emit/conformance.js");
    const title = 'x */ int evil; /* "q" \\ ??= end';
    const parsed = parsePlan(`${HEAD}title: '${title.replace(/'/g, "''")}'\nsteps: [{ call: sbi_get_spec_version }]\n`, "p.yaml");
    expect(parsed.diagnostics).toEqual([]);
    const checked = checkPlan(parsed.plan!, loadCatalog().model);
    const c = conformanceGuest(loadCatalog().model, checked.plan!, { platformExit: true, origin: "plan a*/b.yaml" }).files[0]!.content;
    const comment = c.slice(0, c.indexOf("*/") + 2);
    expect(comment).toContain("x * / int evil; / * \"q\" \\ ? ?= end");    // one comment, closed only by the emitter
    expect(comment).toContain("from plan a* /b.yaml;");
    expect(c).toContain('conf_puts("HCALL-GUEST riscv64 riscv-sbi: x */ int evil; /* \\"q\\" \\\\ \\?\\?= end" "\\n");');
    expect(c).not.toMatch(/^\s*int evil;/m);
  });

  it("control characters in a title are refused at their position", () => {
    return import("../../generator/conform/plan.js").then(({ parsePlan }) => {
      const r = parsePlan(`${HEAD}title: "a\\nb"\nsteps: [{ call: sbi_get_spec_version }]\n`, "p.yaml");
      expect(r.plan).toBeNull();
      expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual(["4:8 'title' must be printable ASCII text of at most 120 characters"]);
    });
  });
});

// Every problem at once: the semantic checks run on the parts of a spec the schema accepted.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import { parseSpecText } from "../../generator/load.js";
import { originalPath } from "../../generator/recover.js";
import { FIXTURES, ROOT } from "../helpers/catalog.js";

describe("schema and semantic errors together", () => {
  it("2 schema errors + 2 semantic errors print 4, each at its own line and field", () => {
    const r = loadModel([`${FIXTURES}cli/all-at-once.yaml`], { cwd: ROOT });
    expect(r.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0])).toEqual([
      "test/fixtures/cli/all-at-once.yaml:14:16: error HC104: register 'q9' does not exist on riscv64 (did you mean 's9'?) (at arches.riscv64.args[1])",
      "test/fixtures/cli/all-at-once.yaml:24:42: error HC008: unknown key 'colour' (at calls[0].colour)",
      "test/fixtures/cli/all-at-once.yaml:25:67: error HC008: 'type' must be one of: u8, u16, u32, u64, i8, i16, i32, i64, ulong, long, bool, gpa, gva, ptr (at calls[1].args[0].type)",
      "test/fixtures/cli/all-at-once.yaml:26:24: error HC101: 'three' has the same identity as 'one' (line 24) (riscv64: a7=0x1, a6=0x0) (at calls[2].id)",
    ]);
    expect(r.ok).toBe(false);
    expect(r.model.abis).toEqual([]); // a spec with schema errors never reaches the model
  });

  it("a semantic error after a dropped list item keeps its place in the file", () => {
    const spec = `hcgen: 1
id: shift
title: t
version: "1"
sources: { s: { document: d, section: s } }
arches:
  riscv64:
    traps: [ { name: ecall, mnemonic: ecall, insn: 0x00000073 } ]
    select: { a7: number }
    args: [a0]
    results: [ { name: error, register: a0, status: true } ]
errors: { sign: as-is, codes: [ { name: OK, value: 0 } ] }
calls:
  - { name: bad, id: 1, args: 3 }
  - { name: two, id: 2, args: [ { name: a, type: u64 }, { name: b, type: u64 } ] }
`;
    expect(parseSpecText(spec, "shift.yaml").spec).not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), "hcgen-recover-"));
    writeFileSync(join(dir, "shift.yaml"), spec);
    const r = loadModel([join(dir, "shift.yaml")], { cwd: dir });
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.path}`)).toEqual([
      "HC008 14:31 calls[0].args",
      "HC103 15:31 calls[1].args", // calls[0] was dropped from the copy: the path is still the file's

    ]);
  });

  it("maps paths of the copy back to the file", () => {
    const dropped = new Map([["calls", [0, 2]], ["calls[3].args", [1]]]);
    expect(originalPath("calls[0].id", dropped)).toBe("calls[1].id");
    expect(originalPath("calls[1].args[1]", dropped)).toBe("calls[3].args[2]");
    expect(originalPath("arches.riscv64.args[1]", dropped)).toBe("arches.riscv64.args[1]");
  });
});

describe("option values", () => {
  it("validate --format xml is a usage error naming the choices (exit 2)", async () => {
    const { main } = await import("../../generator/cli.js");
    const { captureIo } = await import("../../generator/commands/io.js");
    const io = captureIo(ROOT);
    expect(await main(["validate", "--format", "xml"], io)).toBe(2);
    expect(io.stderr).toBe("hcgen validate: unknown --format 'xml' (choose text or json)\nRun `hcgen validate --help` for usage.\n");
  });
});

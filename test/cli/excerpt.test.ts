// Diagnostics with a source excerpt and a caret, colour only when wanted (TTY, NO_COLOR, FORCE_COLOR,
// --color), never in JSON; hidden characters of the spec are escaped in the excerpt.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { colorWanted } from "../../generator/commands/report.js";
import { ROOT } from "../helpers/catalog.js";

const dir = mkdtempSync(join(tmpdir(), "hcgen-excerpt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}, isTTY = false, cwd = ROOT) {
  const io = Object.assign(captureIo(cwd), { env, isTTY });
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

const ALL_AT_ONCE = `test/fixtures/cli/all-at-once.yaml:14:16: error HC104: register 'q9' does not exist on riscv64 (did you mean 's9'?) (at arches.riscv64.args[1])
  14 |     args: [a0, q9]
     |                ^^
  hint: riscv64 general-purpose registers are zero, ra, sp, gp, tp, t0, ...
test/fixtures/cli/all-at-once.yaml:24:42: error HC008: unknown key 'colour' (at calls[0].colour)
  24 |   - { name: one, id: { eid: 1, fid: 0 }, colour: blue }
     |                                          ^^^^^^
  hint: remove it or check its spelling; see spec/LANGUAGE.md for the keys allowed here
test/fixtures/cli/all-at-once.yaml:25:67: error HC008: 'type' must be one of: u8, u16, u32, u64, i8, i16, i32, i64, ulong, long, bool, gpa, gva, ptr (at calls[1].args[0].type)
  25 |   - { name: two, id: { eid: 1, fid: 1 }, args: [ { name: x, type: u99 } ] }
     |                                                                   ^^^
test/fixtures/cli/all-at-once.yaml:26:24: error HC101: 'three' has the same identity as 'one' (line 24) (riscv64: a7=0x1, a6=0x0) (at calls[2].id)
  26 |   - { name: three, id: { eid: 1, fid: 0 } }
     |                        ^
  hint: two calls cannot share a number in one number space; give one a free number
4 errors
`;

describe("source excerpt", () => {
  it("validate prints the spec line and a caret spanning the token, before the hint", async () => {
    expect(await cli(["validate", "test/fixtures/cli/all-at-once.yaml"])).toEqual({ code: 1, out: "", err: ALL_AT_ONCE });
  });
  it("generate, check and model print the same excerpts", async () => {
    for (const args of [["generate", "--out", join(dir, "gen")], ["check", "--out", join(dir, "gen")], ["model", "--json"]]) {
      const r = await cli([...args, "test/fixtures/cli/all-at-once.yaml"]);
      expect(r.code, args[0]).toBe(1);
      expect(r.err.startsWith(ALL_AT_ONCE.split("\n").slice(0, 4).join("\n") + "\n"), `${args[0]}:\n${r.err}`).toBe(true);
    }
  });
  it("escapes bidi and invisible characters and underlines them alone", async () => {
    writeFileSync(join(dir, "bidi.yaml"), 'hcgen: 1\nid: "x\u202ey"\n');
    const r = await cli(["validate", "bidi.yaml"], {}, false, dir);
    expect(r.err).toContain("bidi.yaml:2:7: error HC130: U+202E (RIGHT-TO-LEFT OVERRIDE) in the spec text\n  2 | id: \"x\\u{202e}y\"\n    |       ^^^^^^^^\n");
    expect(r.err).not.toContain("\u202e");
  });
  it("cuts a long line to a window around the column", async () => {
    writeFileSync(join(dir, "long.yaml"), `hcgen: 1\ntitle: "${"a".repeat(200)}"\nbogus: 1\nid: ${"B".repeat(150)}-x\n`);
    const r = await cli(["validate", "long.yaml"], {}, false, dir);
    const lines = r.err.split("\n");
    const at = lines.findIndex((l) => l.startsWith("long.yaml:3:1: error HC008: unknown key 'bogus'"));
    expect(lines.slice(at + 1, at + 3)).toEqual(["  3 | bogus: 1", "    | ^^^^^"]);
    const id = lines.findIndex((l) => l.startsWith("long.yaml:4:5: error HC008: 'id' does not match"));
    expect(lines.slice(id + 1, id + 3)).toEqual([`  4 | id: ${"B".repeat(116)}...`, `    |     ${"^".repeat(116)}`]);
    const title = lines.find((l) => l.startsWith("  2 | "));
    expect(title).toBeUndefined();   // line 2 has no diagnostic: no excerpt of it
  });
});

describe("colour", () => {
  it("is off when not a terminal, on with FORCE_COLOR or --color=always, off with NO_COLOR", async () => {
    const spec = "test/fixtures/cli/all-at-once.yaml";
    expect((await cli(["validate", spec])).err).not.toContain("\x1b[");
    expect((await cli(["validate", spec], {}, true)).err).toContain("\x1b[1;31merror HC104:\x1b[0m");
    expect((await cli(["validate", spec], { NO_COLOR: "1" }, true)).err).toBe(ALL_AT_ONCE);
    expect((await cli(["validate", spec], { FORCE_COLOR: "1" })).err).toContain("\x1b[1;31m^^\x1b[0m");
    expect((await cli(["validate", spec], { FORCE_COLOR: "0" }, true)).err).toBe(ALL_AT_ONCE);
    expect((await cli(["validate", "--color=always", spec])).err).toContain("\x1b[36mhint:\x1b[0m");
    expect((await cli(["validate", "--color", "never", spec], { FORCE_COLOR: "1" }, true)).err).toBe(ALL_AT_ONCE);
  });
  it("follows the conventions: NO_COLOR and FORCE_COLOR empty are unset; FORCE_COLOR beats NO_COLOR", () => {
    const w = (env: Record<string, string>, isTTY: boolean, flag?: string) => colorWanted(flag, { env, isTTY });
    expect([w({}, true), w({}, false), w({ NO_COLOR: "" }, true), w({ NO_COLOR: "0" }, true), w({ FORCE_COLOR: "" }, false),
      w({ FORCE_COLOR: "2" }, false), w({ FORCE_COLOR: "false" }, true), w({ FORCE_COLOR: "1", NO_COLOR: "1" }, false), w({ NO_COLOR: "1" }, true, "always")])
      .toEqual([true, false, true, false, false, true, false, true, true]);
  });
  it("never colours JSON, and --color takes only auto, always, never", async () => {
    const r = await cli(["validate", "--format", "json", "test/fixtures/cli/all-at-once.yaml"], { FORCE_COLOR: "1" }, true);
    expect(r.out).not.toContain("\x1b[");
    expect(JSON.parse(r.out)).toHaveLength(4);
    expect(await cli(["validate", "--color=sometimes"])).toEqual({ code: 2, out: "",
      err: "hcgen validate: unknown --color 'sometimes' (choose auto, always or never)\nRun `hcgen validate --help` for usage.\n" });
  });
});

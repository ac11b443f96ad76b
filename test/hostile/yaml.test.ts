// Issue 19 item 7 (YAML): a %YAML 1.1 directive, floats and lone surrogates would silently change a
// spec's numbers or text (or make `hcgen check` never pass); each is a positioned error with a fix.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { FIXTURES } from "../helpers/catalog.js";

const tmp = mkdtempSync(join(tmpdir(), "hcgen-yaml-"));
const BASE = readFileSync(join(FIXTURES, "invalid", "HC140-error-too-wide.yaml"), "utf8").replace(/^# expect:.*\n/, "").replace("value: 0x10000000000000000", "value: -2");
let n = 0;
function check(text: string): string[] {
  const f = join(tmp, `y${n++}.yaml`);
  writeFileSync(f, text);
  return loadModel([f]).diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}${d.hint ? ` | ${d.hint}` : ""}`);
}

describe("YAML that would change numbers or text", () => {
  it("the base spec is valid, with or without %YAML 1.2", () => {
    expect(check(BASE)).toEqual([]);
    expect(check(`%YAML 1.2\n---\n${BASE}`)).toEqual([]);
  });
  it("%YAML 1.1 is refused at the directive (1.1 would read 010 as 8 and 15:0 as 900)", () => {
    const d = check(`# a comment\n%YAML 1.1\n---\n${BASE}`);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatch(/^HC143 2:1 %YAML 1\.1: hcgen reads YAML 1\.2 only .* \| remove the %YAML line/);
  });
  it("floats where integers go: 1e3, 1.0, 9007199254740993.0, .inf, .nan, and hex floats", () => {
    for (const f of ["1e3", "1.0", "9007199254740993.0", ".inf", "-.inf", ".nan", "1e20"]) {
      const d = check(BASE.replace("fid: 0 } }", `fid: ${f} } }`));
      expect(d, f).toHaveLength(1);
      expect(d[0], f).toMatch(new RegExp(`^HC144 23:37 '${f.replace(/\./g, "\\.")}' is a floating-point number; hcgen reads exact integers and strings \\| `));
    }
    expect(check(BASE.replace("fid: 0 } }", "fid: 1e3 } }"))[0]).toMatch(/write the integer exactly \(e\.g\. 1000\)/);
    expect(check(BASE.replace("fid: 0 } }", "fid: 0x1p3 } }"))).toEqual(["HC144 23:37 '0x1p3' is a hex float, not an integer | write the integer in hex (0x8) or decimal, or quote it for text"]);
    // A float anywhere is refused, even in a field that wants text: version: 1.0 would read as "1".
    expect(check(BASE.replace('version: "1"', "version: 1.0"))[0]).toMatch(/^HC144 4:10 '1\.0' is a floating-point number/);
    // Quoted, it is text.
    expect(check(BASE.replace('version: "1"', 'version: "1e3"'))).toEqual([]);
  });
  it("a lone surrogate escape is refused; a proper pair and \\U escapes are fine", () => {
    expect(check(BASE.replace("title: Invalid fixture", 'title: "x \\ud800 y"'))[0]).toMatch(/^HC145 3:8 text contains a lone UTF-16 surrogate/);
    expect(check(BASE.replace("title: Invalid fixture", 'title: "x \\udc00"'))[0]).toMatch(/^HC145 3:8 /);
    expect(check(BASE.replace("title: Invalid fixture", 'title: "x \\ud83d\\ude00 \\U0001F600"'))).toEqual([]);
  });
});

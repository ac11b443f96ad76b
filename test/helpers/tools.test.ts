// The tests' tool detection (test/helpers/tools.ts): PATH lookup without a shell, one skip message,
// and the HCGEN_REQUIRE_* variables turning a skip into a failure.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkTools, firstOnPath, required, which } from "./tools.js";

const NONE = "hcgen-no-such-tool-7f3a";

describe("test tool detection", () => {
  it("finds a tool on PATH and not one that is absent, never through a shell", () => {
    const node = basename(process.execPath);
    const saved = process.env.PATH;
    process.env.PATH = `${dirname(process.execPath)}:${saved ?? ""}`;
    try {
      expect(which(node)).toBe(process.execPath);
      expect(which(NONE)).toBeNull();
      expect(which("node; touch /tmp/hcgen-pwned")).toBeNull();   // a name, not shell text
      expect(firstOnPath([NONE, node])).toBe(node);
    } finally { process.env.PATH = saved; }
  });

  it("a directory on PATH named like the tool is not the tool", () => {
    const dir = mkdtempSync(join(tmpdir(), "hcgen-which-"));
    mkdirSync(join(dir, NONE));
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try { expect(which(NONE)).toBeNull(); } finally { process.env.PATH = saved; rmSync(dir, { recursive: true, force: true }); }
  });

  it("missing tools skip with one message naming them, the install script and the variable", () => {
    const warned: string[] = [];
    const c = checkTools("qemu", "the demo QEMU test", [NONE, "sh"], {}, (m) => warned.push(m));
    expect(c).toEqual({
      missing: [NONE], required: false, skip: true, note: ` (skipped: ${NONE} not installed)`,
      failure: `HCGEN_REQUIRE_QEMU=1 but ${NONE} not installed (install with bash .ci/install-qemu-deps)`,
    });
    expect(warned).toEqual([`skipping the demo QEMU test: ${NONE} not installed (install with bash .ci/install-qemu-deps; set HCGEN_REQUIRE_QEMU=1 to fail instead)`]);
  });

  it("under HCGEN_REQUIRE_<SUITE>=1 nothing is skipped and nothing warned", () => {
    for (const [suite, variable] of [["clang", "HCGEN_REQUIRE_CLANG"], ["qemu", "HCGEN_REQUIRE_QEMU"], ["browser", "HCGEN_REQUIRE_BROWSER"]] as const) {
      const warned: string[] = [];
      const c = checkTools(suite, "x", [NONE], { [variable]: "1" }, (m) => warned.push(m));
      expect([c.skip, c.required, warned]).toEqual([false, true, []]);
      expect(required(suite, { [variable]: "0" })).toBe(false);
    }
  });

  it("nothing missing: no skip, no note, no warning", () => {
    const warned: string[] = [];
    expect(checkTools("clang", "x", ["sh"], {}, (m) => warned.push(m))).toMatchObject({ missing: [], skip: false, note: "" });
    expect(warned).toEqual([]);
  });
});

// Every QEMU command line is hermetic: -nodefaults, so no default NIC/VGA (whose option ROMs come from
// Debian packages that .ci/install-qemu-deps leaves out) and only the devices a guest asks for.
// A machine that passed only because it had those ROMs from elsewhere once hid this from CI.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/catalog.js";
import { HERMETIC, TARGETS } from "./targets.js";

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|mjs|js|sh)$/.test(name)) out.push(p);
  }
  return out;
}

/** A spawn/exec call whose program argument names QEMU (a qemu-system-* literal or a qemu* expression). */
function startsQemu(text: string): boolean {
  return /\b(?:spawn|execFile|exec)\w*\(\s*(?:["'`]qemu-system-|[^,()"'`]*qemu)/i.test(text);
}

describe("QEMU command lines", () => {
  it("every conformance target starts QEMU with -nodefaults and an explicit serial console", () => {
    expect(HERMETIC).toContain("-nodefaults");
    for (const t of TARGETS) {
      expect(t.qemu, t.name).toContain("-nodefaults");
      expect(t.qemu, t.name).toContain("-serial");
      expect(t.qemu, `${t.name}: -nographic would bring the default monitor back`).not.toContain("-nographic");
    }
  });

  it("the check below recognises a process start whose program is QEMU, and only that", () => {
    expect(startsQemu(`spawn("qemu-system-riscv64", ["-M", "virt"])`)).toBe(true);
    expect(startsQemu("const q = spawn(qemuArgs[0]!, [...qemuArgs.slice(1)]);")).toBe(true);
    expect(startsQemu("execFile(QEMU[arch][0]!, args, cb)")).toBe(true);
    // A test that only names QEMU as a needed tool and starts clang is not a QEMU start.
    expect(startsQemu(`checkTools("qemu", "x", ["clang", "qemu-system-riscv64"]); await exec("clang", ["-c", "a.S"], out);`)).toBe(false);
  });

  it("every source file that starts a qemu-system-* binary passes -nodefaults", () => {
    const offenders: string[] = [];
    for (const dir of ["test", "generator", "runtime", "bench", "bin", ".ci"]) {
      for (const f of sources(join(ROOT, dir))) {
        if (f.endsWith("hermetic.test.ts")) continue;
        const text = readFileSync(f, "utf8");
        if (startsQemu(text) && !/-nodefaults|HERMETIC/.test(text)) offenders.push(relative(ROOT, f));
      }
    }
    expect(offenders, "files that start QEMU without -nodefaults").toEqual([]);
  });
});

// The pvdemo example's conformance plan (examples/pvdemo/conform.yaml) run for real: `hcgen conform
// --bios` against a tiny M-mode firmware built from the example's generated host dispatcher
// (test/qemu/firmware/riscv64/pvdemo-fw.c + pvdemo_dispatch.h) on QEMU riscv64 virt. The negative
// control, the same firmware accepting crash reasons the spec does not define, must fail exactly
// that check. Skips with the reason without clang/lld/QEMU, fails under HCGEN_REQUIRE_QEMU=1.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { exec, FREESTANDING } from "../../generator/conform/tools.js";
import { ROOT } from "../helpers/catalog.js";
import { checkTools } from "../helpers/tools.js";

const tools = checkTools("qemu", "the pvdemo firmware QEMU test", ["clang", "ld.lld", "qemu-system-riscv64"]);
const skip = tools.skip;

const out = mkdtempSync(join(tmpdir(), "hcgen-pvdemo-fw-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const SRC = join(ROOT, "test/qemu/firmware/riscv64");
const FLAGS = ["--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64", "-mcmodel=medany", "-mno-relax", ...FREESTANDING,
  `-I${join(ROOT, "examples/pvdemo/generated/c")}`];

/** Builds pvdemo-fw.c (with `defines`) into out/<name>.elf. */
async function firmware(name: string, defines: readonly string[] = []): Promise<string> {
  const err = (await exec("clang", [...FLAGS, "-c", join(SRC, "start.S"), "-o", `${name}-start.o`], out))
    ?? (await exec("clang", [...FLAGS, ...defines, "-c", join(SRC, "pvdemo-fw.c"), "-o", `${name}.o`], out))
    ?? (await exec("ld.lld", ["-T", join(SRC, "link.ld"), "-nostdlib", "-static", `${name}-start.o`, `${name}.o`, "-o", `${name}.elf`], out));
  if (err) throw new Error(`firmware build failed: ${err}`);
  return join(out, `${name}.elf`);
}

async function conform(fw: string) {
  const io = captureIo(ROOT);
  const code = await main(["conform", "examples/pvdemo/conform.yaml", "--bios", fw, "--timeout", "60"], io);
  const rows = new Map(io.stdout.split("\n").map((l) => /^\s+\d+\s+\S+\s+(\S+)\s+(PASS|FAIL)\b/.exec(l)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!]));
  return { code, rows, text: `${io.stdout}\n${io.stderr}` };
}

describe("examples/pvdemo/conform.yaml on a firmware built from pvdemo_dispatch.h (QEMU riscv64 virt)", () => {
  it.skipIf(skip)("every check passes", async () => {
    expect(tools.missing, tools.failure).toEqual([]);
    const r = await conform(await firmware("pvdemo-fw"));
    expect(r.code, r.text).toBe(0);
    expect([...r.rows], r.text).toEqual([
      ["features-answer", "PASS"], ["console-write-too-long-einval", "PASS"], ["report-crash-bad-reason-einval", "PASS"], ["unknown-call-enosys", "PASS"],
    ]);
    expect(r.text).toContain("PASS pvdemo on riscv64-virt: 4 of 4 checks passed");
  }, 120_000);

  it.skipIf(skip)("negative control: a firmware that accepts an undefined crash reason fails that check only", async () => {
    const r = await conform(await firmware("pvdemo-fw-any-reason", ["-DPVDEMO_FW_ANY_REASON"]));
    expect(r.code, r.text).toBe(1);
    expect([...r.rows], r.text).toEqual([
      ["features-answer", "PASS"], ["console-write-too-long-einval", "PASS"], ["report-crash-bad-reason-einval", "FAIL"], ["unknown-call-enosys", "PASS"],
    ]);
  }, 120_000);
});

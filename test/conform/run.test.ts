// `hcgen conform` end to end. Missing tools (PATH narrowed to directories without them): a clear
// message naming the Debian packages, exit 2. Real runs on QEMU riscv64 virt, kept to four: the
// example plan on OpenSBI, the same plan with --bios set to the M-mode SBI firmware built from the
// generated C dispatcher (test/qemu/firmware/riscv64), with --kernel set to a pass-through S-mode
// kernel, and with --bios set to the firmware built from an altered spec (swapped result
// registers), which must FAIL. Skips with the reason without
// clang/lld/QEMU; fails under HCGEN_REQUIRE_QEMU=1.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { exec, run, which } from "../../generator/conform/tools.js";
import { checkTools } from "../helpers/tools.js";
import { buildFirmware, FIRMWARE_TARGETS, firmwareModel } from "../qemu/firmware/run.js";
import { repoRoot } from "../qemu/run.js";

const ROOT = repoRoot();
const PLAN = join(ROOT, "examples", "conform", "riscv-sbi.yaml");
const work = mkdtempSync(join(tmpdir(), "hcgen-conform-run-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function conform(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(ROOT);
  const code = await main(["conform", ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Runs `f` with PATH set to `path` (which() reads PATH at each call). */
async function withPath<T>(path: string, f: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = path;
  try { return await f(); } finally { process.env.PATH = saved; }
}

describe("the machine runner", () => {
  it("refuses a QEMU command line without -nodefaults before starting anything", async () => {
    await expect(run(["/usr/bin/qemu-system-riscv64", "-M", "virt"], 1000)).rejects.toThrow(/without -nodefaults/);
    await expect(run(["qemu-system-aarch64", "-M", "virt"], 1000)).rejects.toThrow(/without -nodefaults/);
  });
});

describe("hcgen conform: missing tools", () => {
  it("no clang, lld or QEMU on PATH: names the Debian packages, exit 2, builds nothing", async () => {
    const empty = join(work, "empty-bin");
    mkdirSync(empty);
    const r = await withPath(empty, () => conform(PLAN));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("hcgen conform: missing clang, ld.lld, qemu-system-riscv64 on PATH; install the Debian packages clang lld qemu-system-misc (apt-get install clang lld qemu-system-misc)\n");
    const b = await withPath(empty, () => conform(PLAN, "--build-only"));
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("missing clang, ld.lld on PATH; install the Debian packages clang lld (");
  });

  const clang = which("clang"), lld = which("ld.lld");
  it.skipIf(!clang || !lld)("clang and lld present, QEMU absent: only qemu-system-misc is named", async () => {
    const some = join(work, "some-bin");
    mkdirSync(some);
    symlinkSync(clang!, join(some, "clang"));
    symlinkSync(lld!, join(some, "ld.lld"));
    const r = await withPath(some, () => conform(PLAN));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("hcgen conform: missing qemu-system-riscv64 on PATH; install the Debian package qemu-system-misc (apt-get install qemu-system-misc)\n");
  });
});

const qemu = checkTools("qemu", "hcgen conform on QEMU", ["clang", "ld.lld", "qemu-system-riscv64"]);

describe.skipIf(qemu.skip)(`hcgen conform on QEMU riscv64 virt${qemu.note}`, () => {
  const fw = (name: string): string => join(work, name, "firmware.elf");
  beforeAll(async () => {
    expect(qemu.missing, qemu.failure).toEqual([]);
    // The firmware a user would bring: built from the generated C dispatcher, as the shipped spec
    // says, and from the altered spec of the negative control.
    for (const name of ["riscv64-sbi-hcgen-fw", "riscv64-sbi-hcgen-fw-swapped-results"]) {
      const t = FIRMWARE_TARGETS.find((x) => x.name === name)!;
      const dir = join(work, name);
      mkdirSync(dir, { recursive: true });
      const err = await buildFirmware(ROOT, t, firmwareModel(ROOT, t, dir), dir);
      expect(err, `${name} did not build`).toBeNull();
    }
  }, 120_000);

  it("the example plan passes on OpenSBI: progress lines, one PASS row per check, exit 0", async () => {
    const r = await conform(PLAN);
    expect(r.stderr).toBe("");
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^hcgen conform: plan .*riscv-sbi\.yaml: riscv-sbi on riscv64-virt, 6 steps\n/);
    expect(r.stdout).toContain(" -nodefaults -display none -serial stdio -bios default -kernel ");
    expect(r.stdout).toMatch(/\n\s+1 {2}sbi_get_spec_version +spec-version>=0\.3 +PASS +error=0x0 value=0x[0-9a-f]+\n/);
    expect(r.stdout).toMatch(/\n\s+5 {2}unknown_eid +unknown-eid-not-supported +PASS +error=0xfffffffffffffffe /);
    expect(r.stdout).toMatch(/\nPASS riscv-sbi on riscv64-virt: 5 of 5 checks passed, 6 calls/);
  }, 90_000);

  it("--bios: the same plan passes against the firmware built from the generated dispatcher", async () => {
    const keep = join(work, "keep-fw");
    const r = await conform(PLAN, "--bios", fw("riscv64-sbi-hcgen-fw"), "--keep", keep);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`-bios ${fw("riscv64-sbi-hcgen-fw")} -kernel ${join(keep, "guest.elf")}`);
    expect(r.stdout).toMatch(/\nPASS riscv-sbi on riscv64-virt: 5 of 5 checks passed/);
  }, 90_000);

  it("--kernel: a pass-through S-mode kernel at 0x80200000 enters the guest, linked at 0x84000000 and loaded by -device loader", async () => {
    // The smallest "user kernel": jump to the guest with a0 (hartid) intact. Built here like a user would.
    const dir = join(work, "kernel");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "k.S"), ".section .text\n.globl _start\n_start:\n  li t0, 0x84000000\n  jr t0\n");
    writeFileSync(join(dir, "k.ld"), "ENTRY(_start)\nSECTIONS { . = 0x80200000; .text : { *(.text) } }\n");
    expect(await exec("clang", ["--target=riscv64-unknown-elf", "-march=rv64imac", "-mabi=lp64", "-mno-relax", "-c", "k.S", "-o", "k.o"], dir)).toBeNull();
    expect(await exec("ld.lld", ["-T", "k.ld", "-nostdlib", "-static", "k.o", "-o", "kernel.elf"], dir)).toBeNull();
    const keep = join(work, "keep-kernel");
    const r = await conform(PLAN, "--kernel", join(dir, "kernel.elf"), "--keep", keep);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain(`-bios default -kernel ${join(dir, "kernel.elf")} -device loader,file=${join(keep, "guest.elf")}`);
    expect(r.stdout).toMatch(/\nPASS riscv-sbi on riscv64-virt: 5 of 5 checks passed/);
  }, 90_000);

  it("--bios negative control: firmware from a spec with swapped result registers FAILs, exit 1", async () => {
    const r = await conform(PLAN, "--bios", fw("riscv64-sbi-hcgen-fw-swapped-results"), "--timeout", "20");
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/\n\s+1 {2}sbi_get_spec_version +spec-version>=0\.3 +FAIL /);
    expect(r.stdout).toMatch(/\n\s+2 {2}sbi_probe_extension +probe-base +FAIL /);
    expect(r.stdout).toMatch(/\nFAIL riscv-sbi on riscv64-virt: \d of 5 checks passed\n {2}/);
    expect(r.stdout).toContain("CHECK FAIL: spec-version>=0.3");
    expect(r.stdout).toContain("(run with --keep DIR to keep guest.c, guest.elf and console.log)");
  }, 90_000);
});

const buildTools = checkTools("clang", "hcgen conform --build-only", ["clang", "ld.lld"]);
describe.skipIf(buildTools.skip)(`hcgen conform --build-only (clang + lld, no QEMU)${buildTools.note}`, () => {
  it("builds the pvdemo example plan's guest for a firmware QEMU does not have", async () => {
    const keep = join(work, "pvdemo");
    const r = await conform(join(ROOT, "examples", "pvdemo", "conform.yaml"), "--build-only", "--keep", keep);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`hcgen conform: built ${join(keep, "guest.elf")}\n`);
    // The README's (abridged) copy of the plan is a valid plan too.
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Conformance runs on your own spec"));
    const snippet = section.slice(section.indexOf("```yaml\n") + 8, section.indexOf("```", section.indexOf("```yaml\n") + 8));
    const doc = join(work, "readme-plan");
    mkdirSync(join(doc, "spec"), { recursive: true });
    copyFileSync(join(ROOT, "examples", "pvdemo", "spec", "pvdemo.yaml"), join(doc, "spec", "pvdemo.yaml"));
    writeFileSync(join(doc, "plan.yaml"), snippet);
    const fromReadme = await conform(join(doc, "plan.yaml"), "--build-only");
    expect(fromReadme.stderr).toBe("");
    expect(fromReadme.code).toBe(0);
    // A hostile title compiles under -Wall -Wextra -Werror: escaped in the string, defused in the comment.
    writeFileSync(join(doc, "hostile.yaml"), `hcgen-conform: 1\nabi: riscv-sbi\nmachine: riscv64-virt\ntitle: 'x */ int evil; /* "q" \\ ??= end'\nsteps: [{ call: sbi_get_spec_version }]\n`);
    const hostile = await conform(join(doc, "hostile.yaml"), "--build-only");
    expect(hostile.stderr).toBe("");
    expect(hostile.code).toBe(0);
    // A second run may reuse the directory hcgen made.
    expect((await conform(join(ROOT, "examples", "pvdemo", "conform.yaml"), "--build-only", "--keep", keep)).code).toBe(0);
  }, 90_000);
});

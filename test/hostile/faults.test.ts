// Issues 13.5, 13.6 and 19.6: file-system faults, a concurrent second run, stale locks, orphan temp
// files and kill -9 mid-generate each end in a clear error or a consistent output set (old or new).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, SPEC_DIR } from "../helpers/catalog.js";
import { hcgen, snapshot, tempProject } from "../pipeline/helpers.js";

const BIN = join(ROOT, "bin", "hcgen.js");
const noInternal = (s: string) => expect(s).not.toMatch(/internal error/);

describe("output-directory faults are clear errors (exit 1)", () => {
  it("a dangling symlink as output directory", async () => {
    const dir = tempProject();
    symlinkSync(join(dir, "nowhere"), join(dir, "out"));
    const r = await hcgen(dir, "generate", "--out", "out");
    expect(r.code).toBe(1); noInternal(r.stderr);
    expect(r.stderr).toMatch(/symlink to something that does not exist/);
  });
  it("a looping symlink as output directory", async () => {
    const dir = tempProject();
    symlinkSync(join(dir, "b"), join(dir, "a")); symlinkSync(join(dir, "a"), join(dir, "b"));
    const r = await hcgen(dir, "generate", "--out", "a");
    expect(r.code).toBe(1); noInternal(r.stderr);
    expect(r.stderr).toMatch(/symlink loop/);
  });
  const mountable = process.getuid?.() === 0 && spawnSync("mount", ["--help"]).status === 0;
  it.skipIf(!mountable)("a full file system (ENOSPC, 64 KiB tmpfs) leaves the old set and no temp files" + (mountable ? "" : " (skipped: needs root and mount)"), async () => {
    const dir = tempProject();
    mkdirSync(join(dir, "small"));
    const m = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", join(dir, "small")], { encoding: "utf8" });
    if (m.status !== 0) { console.warn(`[hostile] tmpfs mount failed, ENOSPC case skipped: ${m.stderr}`); return; }
    try {
      const r = await hcgen(dir, "generate", "--out", "small/gen");
      expect(r.code, r.stderr).toBe(1); noInternal(r.stderr);
      expect(r.stderr).toMatch(/no space left/);
      const left = existsSync(join(dir, "small", "gen")) ? [...snapshot(join(dir, "small", "gen")).keys()] : [];
      expect(left.filter((p) => !p.endsWith(".hcgen-lock"))).toEqual([]);
    } finally { spawnSync("umount", [join(dir, "small")]); }
  });
  it.skipIf(!mountable)("a read-only file system (EROFS, read-only bind mount)", async () => {
    const dir = tempProject();
    mkdirSync(join(dir, "ro"));
    const b = spawnSync("mount", ["--bind", "-o", "ro", join(dir, "ro"), join(dir, "ro")], { encoding: "utf8" });
    if (b.status !== 0) { console.warn(`[hostile] read-only bind failed, EROFS case skipped: ${b.stderr}`); return; }
    try {
      spawnSync("mount", ["-o", "remount,bind,ro", join(dir, "ro")]);
      const r = await hcgen(dir, "generate", "--out", "ro/gen");
      expect(r.code, r.stderr).toBe(1); noInternal(r.stderr);
      expect(r.stderr).toMatch(/read-only|cannot create the output directory/);
    } finally { spawnSync("umount", [join(dir, "ro")]); }
  });
});

describe("one writer per output directory (#19.6)", () => {
  it("a live lock makes the second run fail with a clear error naming the holder; a stale one is taken over", async () => {
    const dir = tempProject();
    mkdirSync(join(dir, "generated"));
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"]);
    try {
      writeFileSync(join(dir, "generated", ".hcgen-lock"), JSON.stringify({ pid: holder.pid, host: (await import("node:os")).hostname(), started: "now" }));
      const r = await hcgen(dir, "generate");
      expect(r.code).toBe(1); noInternal(r.stderr);
      expect(r.stderr).toMatch(new RegExp(`another hcgen run \\(pid ${holder.pid}`));
      expect(readdirSync(join(dir, "generated"))).toEqual([".hcgen-lock"]);
    } finally { holder.kill("SIGKILL"); }
    if (holder.exitCode === null && holder.signalCode === null) await new Promise((r) => holder.on("exit", r));
    const r2 = await hcgen(dir, "generate");
    expect(r2.code, r2.stderr).toBe(0);
    expect(existsSync(join(dir, "generated", ".hcgen-lock"))).toBe(false);
  });
  it("orphan temp files of a killed run are removed by the next run", async () => {
    const dir = tempProject();
    expect((await hcgen(dir, "generate")).code).toBe(0);
    writeFileSync(join(dir, "generated", "ts", ".hcgen-tmp-demo.ts-1-abcd"), "half");
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/removed 1 temporary file/);
    expect(existsSync(join(dir, "generated", "ts", ".hcgen-tmp-demo.ts-1-abcd"))).toBe(false);
  });
});

describe("kill -9 during generate leaves the old set or the new one, never a mix (#13.6)", () => {
  it("30 kills at random moments", async () => {
    const dir = tempProject();
    for (const f of ["riscv-sbi.yaml", "kvm-x86.yaml", "xen.yaml"]) cpSync(join(SPEC_DIR, f), join(dir, "spec", f));
    const args = ["--runtime-import", "../../runtime/index.js"];
    expect((await hcgen(dir, "generate", ...args)).code).toBe(0);
    const old = snapshot(join(dir, "generated"));
    const demo = join(dir, "spec", "demo.yaml");
    const oldSpec = readFileSync(demo, "utf8");
    const newSpec = oldSpec.replace("Demo paravirtual interface", "Demo paravirtual interface v2").replace(/^version: "1.0"$/m, 'version: "2.0"');
    // The new set, generated elsewhere for comparison.
    // By the same built CLI as the killed runs: the manifest records which generator build wrote it
    // (its `generator` stamp), and the sources vitest runs are another build than dist/.
    const ref = tempProject(); cpSync(join(dir, "spec"), join(ref, "spec"), { recursive: true }); writeFileSync(join(ref, "spec", "demo.yaml"), newSpec);
    expect(spawnSync(process.execPath, [BIN, "generate", ...args], { cwd: ref }).status).toBe(0);
    const fresh = snapshot(join(ref, "generated"));
    let t0 = Date.now();
    spawnSync(process.execPath, [BIN, "generate", "--out", join(ref, "timing"), ...args], { cwd: ref });
    const full = Date.now() - t0;
    const outcomes = { old: 0, new: 0 };
    for (let i = 0; i < 30; i++) {
      rmSync(join(dir, "generated"), { recursive: true, force: true });
      mkdirSync(join(dir, "generated"));
      for (const [p, t] of old) { mkdirSync(join(dir, "generated", p, ".."), { recursive: true }); writeFileSync(join(dir, "generated", p), t); }
      writeFileSync(demo, newSpec);
      const child = spawn(process.execPath, [BIN, "generate", ...args], { cwd: dir, stdio: "ignore" });
      await new Promise((r) => setTimeout(r, Math.random() * full * 1.1));
      const exited = new Promise((r) => { if (child.exitCode !== null || child.signalCode !== null) r(null); else child.on("exit", r); });
      child.kill("SIGKILL");
      await exited;
      // `check` completes a committed switch first; then the set must equal one of the two.
      const c = await hcgen(dir, "check", ...args);
      noInternal(c.stderr);
      const now = new Map([...snapshot(join(dir, "generated"))].filter(([p]) => !p.includes(".hcgen-tmp-") && p !== ".hcgen-lock"));
      const same = (a: Map<string, string>) => a.size === now.size && [...a].every(([p, t]) => now.get(p) === t);
      if (same(fresh)) { outcomes.new++; expect(c.code, c.stderr).toBe(0); }
      else {
        expect(same(old), `kill ${i}: a mixed set`).toBe(true);
        outcomes.old++;
        writeFileSync(demo, oldSpec);
        expect((await hcgen(dir, "check", ...args)).code).toBe(0);
      }
      t0 = Date.now();
    }
    console.log(`[hostile] kill -9 loop: ${outcomes.old} old, ${outcomes.new} new, 0 mixed (full run ${full} ms)`);
  }, 400_000);
});

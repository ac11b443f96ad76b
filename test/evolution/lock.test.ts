// The number lockfile: the committed spec/hcgen.lock matches the catalog, validation fails with
// HC301 at the call's line when spec and lock disagree, and `hcgen allocate` picks safe numbers.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { mergeLock, readLock, renderLock, parseLock, LockError } from "../../generator/evolution/lock.js";
import { loadCatalog, ROOT, SPEC_DIR } from "../helpers/catalog.js";

/** A scratch spec dir holding kvm-x86 (and optionally riscv-sbi) with the real lock. */
function scratch(files = ["kvm-x86.yaml"], lock = true): string {
  const dir = mkdtempSync(join(tmpdir(), "hcgen-lock-"));
  for (const f of files) copyFileSync(join(SPEC_DIR, f), join(dir, f));
  if (lock) copyFileSync(join(SPEC_DIR, "hcgen.lock"), join(dir, "hcgen.lock"));
  return dir;
}
const edit = (file: string, from: string | RegExp, to: string) => {
  const text = readFileSync(file, "utf8");
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  writeFileSync(file, next);
};
const lineOf = (file: string, needle: string) => readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(needle)) + 1;
const errors = (dir: string) => loadModel([dir], { cwd: dir }).diagnostics.filter((d) => d.severity === "error");
const run = async (cwd: string, ...args: string[]) => { const io = captureIo(cwd); const code = await main(args, io); return { code, ...io }; };

describe("spec/hcgen.lock", () => {
  it("is up to date with the catalog and deterministic", () => {
    const cat = loadCatalog();
    expect(cat.diagnostics.filter((d) => d.code === "HC301" || d.code === "HC302")).toEqual([]);
    const lock = readLock(join(SPEC_DIR, "hcgen.lock"));
    const { lock: again, repins } = mergeLock(lock, cat.model.abis);
    expect(repins).toEqual([]);
    expect(renderLock(again), "spec/hcgen.lock is stale: run `hcgen allocate --update-lock` and commit it").toBe(readFileSync(join(SPEC_DIR, "hcgen.lock"), "utf8"));
    expect(again.abis.get("kvm-x86")!.get("KVM_HC_MMU_OP")).toMatchObject({ removed: true, ids: { x86_64: "number=0x2" } });
  });

  it("rejects a malformed lock with a line", () => {
    expect(() => parseLock("hcgen-lock: 1\nabis:\n  x:\n    C: { riscv64: \"eid=12\" }\n")).toThrow(LockError);
    try { parseLock("hcgen-lock: 1\nabis:\n  x:\n    C: { riscv64: \"eid=12\" }\n"); } catch (e) { expect((e as LockError).line).toBe(4); }
  });
});

describe("HC301: spec and lock disagree", () => {
  it("a renumbered call fails at the call's line", () => {
    const dir = scratch();
    edit(join(dir, "kvm-x86.yaml"), /name: KVM_HC_SCHED_YIELD\n    id: 11/, "name: KVM_HC_SCHED_YIELD\n    id: 14");
    const d = errors(dir);
    expect(d).toHaveLength(2); // x86_64 and i386
    expect(d[0]).toMatchObject({ code: "HC301", line: lineOf(join(dir, "kvm-x86.yaml"), "name: KVM_HC_SCHED_YIELD") });
    expect(d[0]!.message).toMatch(/pins it to number=0xb/);
  });

  it("a locked number taken by another name fails", () => {
    const dir = scratch();
    edit(join(dir, "kvm-x86.yaml"), "name: KVM_HC_SCHED_YIELD", "name: KVM_HC_YIELD_TO");
    const d = errors(dir);
    expect(d.map((x) => x.code)).toEqual(expect.arrayContaining(["HC301"]));
    expect(d.some((x) => /pinned to 'KVM_HC_SCHED_YIELD'/.test(x.message))).toBe(true);
    expect(d.some((x) => /'KVM_HC_SCHED_YIELD' .* is missing from the spec/.test(x.message))).toBe(true);
  });

  it("a removed call's number reused fails", () => {
    const dir = scratch();
    edit(join(dir, "kvm-x86.yaml"), "name: KVM_HC_MMU_OP", "name: KVM_HC_MMU_OP2");
    expect(errors(dir).some((x) => /pinned to 'KVM_HC_MMU_OP' \(removed/.test(x.message))).toBe(true);
  });

  it("is skipped when no lockfile is next to the specs", () => {
    const dir = scratch(["kvm-x86.yaml"], false);
    edit(join(dir, "kvm-x86.yaml"), /name: KVM_HC_SCHED_YIELD\n    id: 11/, "name: KVM_HC_SCHED_YIELD\n    id: 14");
    expect(errors(dir)).toEqual([]);
  });

  it("a new call that is not pinned yet is only a warning", () => {
    const dir = scratch();
    writeFileSync(join(dir, "kvm-x86.yaml"), readFileSync(join(dir, "kvm-x86.yaml"), "utf8") + "  - name: KVM_HC_LATER\n    id: 42\n");
    const d = loadModel([dir], { cwd: dir }).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: "HC301", severity: "warning" });
  });
});

describe("hcgen allocate", () => {
  it("appends the next free number, keeps the file's bytes and updates the lock", async () => {
    const dir = scratch(["kvm-x86.yaml", "riscv-sbi.yaml", "kvm-ppc.yaml", "mips-kvm.yaml"]);
    const before = readFileSync(join(dir, "riscv-sbi.yaml"), "utf8");
    const r = await run(dir, "allocate", "riscv-sbi", "sbi_get_new_thing", "--group", "base", "--dir", ".");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sbi_get_new_thing = eid=0x10 fid=0x7/);
    const after = readFileSync(join(dir, "riscv-sbi.yaml"), "utf8");
    const added = "      - name: sbi_get_new_thing\n        id: 7\n";
    expect(after.replace(/      - name: sbi_get_new_thing\n(        .*\n)+/, "")).toBe(before);
    expect(after).toContain(added);
    expect(readFileSync(join(dir, "hcgen.lock"), "utf8")).toContain('sbi_get_new_thing: { riscv32: "eid=0x10 fid=0x7", riscv64: "eid=0x10 fid=0x7" }');
    expect(errors(dir)).toEqual([]);
    // KVM numbers are shared with PPC and MIPS: the next one is past all of them.
    const k = await run(dir, "allocate", "kvm-x86", "KVM_HC_NEXT", "--dir", ".");
    expect(k.code).toBe(0);
    const all = loadModel([dir], { cwd: dir }).model.abis.filter((a) => a.numberSpace === "kvm").flatMap((a) => a.calls.filter((c) => c.name !== "KVM_HC_NEXT").map((c) => c.arches[0]!.id.number ?? 0n));
    const next = loadModel([dir], { cwd: dir }).model.abis.find((a) => a.id === "kvm-x86")!.calls.find((c) => c.name === "KVM_HC_NEXT")!.arches[0]!.id.number!;
    expect(all.every((n) => n < next)).toBe(true);
  });

  it("refuses an existing name and a multi-field slot without --group", async () => {
    const dir = scratch(["riscv-sbi.yaml"]);
    expect((await run(dir, "allocate", "riscv-sbi", "sbi_get_impl_id", "--group", "base", "--dir", ".")).code).toBe(1);
    const r = await run(dir, "allocate", "riscv-sbi", "x", "--dir", ".");
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--update-lock refuses to re-pin a renumbered call without --force", async () => {
    const dir = scratch();
    edit(join(dir, "kvm-x86.yaml"), /name: KVM_HC_SCHED_YIELD\n    id: 11/, "name: KVM_HC_SCHED_YIELD\n    id: 14");
    expect((await run(dir, "allocate", "--update-lock", "--dir", ".")).code).toBe(1);
    expect((await run(dir, "allocate", "--update-lock", "--force", "--dir", ".")).code).toBe(0);
    expect(errors(dir)).toEqual([]);
  });

  it("two branches that take the same next number collide at validation after a merge", async () => {
    const base = scratch();
    const a = scratch(), b = scratch();
    expect((await run(a, "allocate", "kvm-x86", "KVM_HC_ALPHA", "--dir", ".")).code).toBe(0);
    expect((await run(b, "allocate", "kvm-x86", "KVM_HC_OMEGA", "--dir", ".")).code).toBe(0);
    // Merge b into a as git would: the lock lines are sorted by name, so they merge cleanly; the
    // spec appends conflict, and the usual "keep both" resolution is what --union does.
    const merge = (file: string, union: boolean) => {
      try {
        execFileSync("git", ["merge-file", ...(union ? ["--union"] : []), join(a, file), join(base, file), join(b, file)]);
      } catch (e) { throw new Error(`unexpected conflict in ${file}: ${(e as Error).message}`); }
    };
    merge("hcgen.lock", false);
    merge("kvm-x86.yaml", true);
    expect(existsSync(join(a, "hcgen.lock"))).toBe(true);
    const d = errors(a).filter((x) => x.code === "HC301");
    const spec = join(a, "kvm-x86.yaml");
    expect(d.map((x) => x.line).sort()).toEqual(expect.arrayContaining([lineOf(spec, "KVM_HC_ALPHA"), lineOf(spec, "KVM_HC_OMEGA")]));
    expect(d[0]!.hint).toMatch(/hcgen allocate/);
  });

  it("the catalog lock is found from the repository root", async () => {
    const r = await run(ROOT, "validate");
    expect(r.code).toBe(0);
  });
});

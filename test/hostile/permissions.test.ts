// Issue 13: unreadable inputs and unwritable outputs (EACCES) are clear errors naming the path, exit 1,
// and nothing is lost. Root is not denied by chmod, so as root the CLI runs as nobody (uid 65534) via
// setpriv or runuser; not as root, chmod denies the running user directly.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES, ROOT } from "../helpers/catalog.js";
import { snapshot } from "../pipeline/helpers.js";

const BIN = join(ROOT, "bin", "hcgen.js");
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** The command prefix that runs node without root's permission override, or why there is none. */
function unprivileged(): { prefix: string[] } | { skip: string } {
  if (process.platform === "win32") return { skip: "POSIX permissions only" };
  if (!isRoot) return { prefix: [] };
  const setpriv = spawnSync("setpriv", ["--reuid", String(NOBODY), "--regid", String(NOBODY), "--clear-groups", "true"]);
  if (setpriv.status === 0) return { prefix: ["setpriv", "--reuid", String(NOBODY), "--regid", String(NOBODY), "--clear-groups"] };
  const runuser = spawnSync("runuser", ["-u", "nobody", "--", "true"]);
  if (runuser.status === 0) return { prefix: ["runuser", "-u", "nobody", "--"] };
  return { skip: "running as root without setpriv or runuser: chmod does not deny root" };
}
const how = unprivileged();
const skip = "skip" in how ? ` (skipped: ${how.skip})` : "";
// node and the worktree must be reachable by nobody for the runs below.
const reachable = !("skip" in how) && spawnSync(how.prefix[0] ?? process.execPath, [...how.prefix.slice(1), process.execPath, BIN, "--help"]).status === 0;
const why = skip || (reachable ? "" : " (skipped: node or the worktree is not readable by the unprivileged user)");

const made: string[] = [];
afterEach(() => { for (const d of made.splice(0)) { spawnSync("chmod", ["-R", "u+rwX", d]); rmSync(d, { recursive: true, force: true }); } });

/** A project readable and writable by the user the CLI runs as. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "hcgen-perm-"));
  made.push(dir);
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "spec"));
  cpSync(join(FIXTURES, "valid", "demo.yaml"), join(dir, "spec", "demo.yaml"));
  return dir;
}
function giveAway(dir: string): void {
  if (!isRoot) return;
  const walk = (p: string) => {
    chownSync(p, NOBODY, NOBODY);
    try { for (const e of readdirSync(p)) walk(join(p, e)); } catch { /* a file */ }
  };
  walk(dir);
}
function run(cwd: string, ...args: string[]): { code: number; stderr: string; stdout: string } {
  const prefix = "prefix" in how ? how.prefix : [];
  const cmd = [...prefix, process.execPath, BIN, ...args];
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? -1, stderr: r.stderr, stdout: r.stdout };
}
const clean = (s: string) => { expect(s).not.toMatch(/internal error|\n\s+at /); };

describe.skipIf(why !== "")(`EACCES inputs and outputs${why}`, () => {
  it("an unreadable spec file: positioned HC001 naming it, exit 1", () => {
    const dir = project(); giveAway(dir);
    chmodSync(join(dir, "spec", "demo.yaml"), 0o000);
    const r = run(dir, "validate");
    expect(r.code).toBe(1); clean(r.stderr);
    expect(r.stderr).toMatch(/spec[/\\]demo\.yaml:1:1: error HC001: cannot read file: permission denied/);
  });
  it("an unreadable spec directory: HC001 naming the directory, exit 1", () => {
    const dir = project(); giveAway(dir);
    chmodSync(join(dir, "spec"), 0o000);
    const r = run(dir, "validate");
    expect(r.code).toBe(1); clean(r.stderr);
    expect(r.stderr).toMatch(/^spec:1:1: error HC001: cannot read directory: permission denied/m);
  });
  it("an unwritable output directory: generate names it, exit 1, nothing created", () => {
    const dir = project(); giveAway(dir);
    mkdirSync(join(dir, "gen")); chmodSync(join(dir, "gen"), 0o555);
    const r = run(dir, "generate", "--out", "gen");
    expect(r.code).toBe(1); clean(r.stderr);
    expect(r.stderr).toContain(`${join(dir, "gen", ".hcgen-lock")}: permission denied`);
    expect(readdirSync(join(dir, "gen"))).toEqual([]);
  });
  it("an output directory under an unwritable parent: named, exit 1", () => {
    const dir = project(); giveAway(dir);
    mkdirSync(join(dir, "ro")); chmodSync(join(dir, "ro"), 0o555);
    const r = run(dir, "generate", "--out", "ro/gen");
    expect(r.code).toBe(1); clean(r.stderr);
    expect(r.stderr).toContain(`cannot create the output directory ${join(dir, "ro", "gen")}`);
    expect(r.stderr).toMatch(/permission denied/);
  });
  it("an unwritable output subdirectory: the old set stays whole, no temp file left", () => {
    const dir = project(); giveAway(dir);
    expect(run(dir, "generate", "--out", "gen").code).toBe(0);
    const before = snapshot(join(dir, "gen"));
    writeFileSync(join(dir, "spec", "demo.yaml"), snapshotSpec(dir).replace("Returns the interface version.", "Returns the version."));
    chmodSync(join(dir, "gen", "c"), 0o555);
    const r = run(dir, "generate", "--out", "gen");
    expect(r.code).toBe(1); clean(r.stderr);
    expect(r.stderr).toMatch(new RegExp(`${escape(join(dir, "gen", "c"))}/\\S+: permission denied`));
    chmodSync(join(dir, "gen", "c"), 0o755);
    const after = snapshot(join(dir, "gen"));
    expect([...after.keys()].filter((p) => !p.startsWith(".hcgen-lock"))).toEqual([...before.keys()]);
    for (const [p, c] of before) expect(after.get(p), p).toBe(c);
  });
  it("an unreadable output file: generate and check say they cannot read it (not 'not generated', not 'missing')", () => {
    const dir = project(); giveAway(dir);
    expect(run(dir, "generate", "--out", "gen").code).toBe(0);
    const file = join(dir, "gen", "ts", "demo.ts");
    chmodSync(file, 0o000);
    const g = run(dir, "generate", "--out", "gen");
    expect(g.code).toBe(1); clean(g.stderr);
    expect(g.stderr).toContain(`cannot read ${file}: permission denied`);
    expect(g.stderr).not.toMatch(/did not generate/);
    const c = run(dir, "check", "--out", "gen");
    expect(c.code).toBe(1); clean(c.stderr);
    expect(c.stderr).toContain(`cannot read ${file}: permission denied`);
    expect(c.stderr).not.toMatch(/missing/);
    // Regenerating cannot fix a permission problem (generate must read the file too): the fix says what can.
    expect(c.stderr.trimEnd().split("\n").at(-1)).toBe("fix: make it readable by the user running hcgen (check its owner and mode, e.g. chmod u+r), then check again; generate cannot fix this, it must read the file too.");
  });
  it("an unreadable config file: named, exit 1 or 2", () => {
    const dir = project(); giveAway(dir);
    writeFileSync(join(dir, "hcgen.config.yaml"), "spec: [spec]\n");
    if (isRoot) chownSync(join(dir, "hcgen.config.yaml"), NOBODY, NOBODY);
    chmodSync(join(dir, "hcgen.config.yaml"), 0o000);
    const r = run(dir, "validate");
    expect([1, 2]).toContain(r.code); clean(r.stderr);
    expect(r.stderr).toMatch(/hcgen\.config\.yaml.*permission denied/);
  });
});

function snapshotSpec(dir: string): string {
  return snapshot(join(dir, "spec")).get("demo.yaml")!;
}
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

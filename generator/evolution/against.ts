// Loads the "other" version for `hcgen diff --against`: a directory, a spec file, or a git ref
// (whose spec files are read with `git show REF:path` into a scratch directory).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { loadModel, type LoadModelResult, type SpecStore } from "../api.js";
import { UsageError } from "../diagnostics.js";

const git = (cwd: string, args: string[]): string =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });

/**
 * `specDir` is the current spec directory: a git ref is read at the same path inside the repository.
 * The old side is loaded without the lock check (the lock describes the current specs), through the
 * spec store when there is one (a git ref's files are named as in the scratch directory, which is
 * the same for every run).
 */
export function loadAgainst(against: string, specDir: string, cwd: string, store: SpecStore | null = null): { result: LoadModelResult; label: string } {
  const path = resolve(cwd, against);
  if (existsSync(path)) return { result: loadModel([path], { cwd, lock: false, store }), label: against };
  let top: string;
  try {
    top = git(specDir, ["rev-parse", "--show-toplevel"]).trim();
    git(top, ["rev-parse", "--verify", "--quiet", `${against}^{commit}`]);
  } catch {
    throw new UsageError(`'${against}' is neither a file, a directory nor a git revision`);
  }
  const rel = relative(top, specDir).split("\\").join("/") || ".";
  const names = git(top, ["ls-tree", "--name-only", `${against}:${rel === "." ? "" : rel}`]).split("\n")
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith("."));
  const scratch = mkdtempSync(join(tmpdir(), "hcgen-diff-"));
  try {
    for (const f of names) writeFileSync(join(scratch, f), git(top, ["show", `${against}:${rel === "." ? "" : `${rel}/`}${f}`]));
    const result = loadModel([scratch], { cwd: scratch, lock: false, store });
    // Name the old files as they were in the repository, not by the scratch path.
    const prefix = rel === "." ? "" : `${rel}/`;
    const rename = <T extends { file: string }>(x: T): T => ({ ...x, file: `${against}:${prefix}${x.file}` });
    return { result: { ...result, diagnostics: result.diagnostics.map(rename) }, label: against };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

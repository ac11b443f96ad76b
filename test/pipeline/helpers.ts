// Temp projects for pipeline tests: a copy of some specs under <tmp>/spec, output in <tmp>/generated.
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterEach } from "vitest";
import { captureIo } from "../../generator/commands/io.js";
import { main } from "../../generator/cli.js";
import { FIXTURES, SPEC_DIR } from "../helpers/catalog.js";

const made: string[] = [];
afterEach(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A temp project with the demo fixture (default) or the whole catalog in spec/. */
export function tempProject(what: "demo" | "catalog" = "demo"): string {
  const dir = mkdtempSync(join(tmpdir(), "hcgen-pipeline-"));
  made.push(dir);
  mkdirSync(join(dir, "spec"));
  if (what === "demo") cpSync(join(FIXTURES, "valid", "demo.yaml"), join(dir, "spec", "demo.yaml"));
  else for (const f of readdirSync(SPEC_DIR)) if (f.endsWith(".yaml")) cpSync(join(SPEC_DIR, f), join(dir, "spec", f));
  return dir;
}

/** Runs the CLI in-process in `cwd`. */
export async function hcgen(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo(cwd);
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Every file under `dir` (POSIX relative path -> content), hidden files included. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p).split(sep).join("/"), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function mtimes(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of snapshot(dir).keys()) out.set(p, statSync(join(dir, p)).mtimeMs);
  return out;
}

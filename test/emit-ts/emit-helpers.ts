// Test helpers: emit the TS outputs in-process and write them under test/.tmp-*/ (gitignored), so
// tests import the generated modules exactly as users would.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { loadModel } from "../../generator/api.js";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import { tsEmitter } from "../../generator/emit/ts.js";
import type { GeneratedFile } from "../../generator/emit/types.js";
import type { Model } from "../../generator/model.js";
import { FIXTURES, ROOT, SPEC_DIR } from "../helpers/catalog.js";

export const RUNTIME_DIR = join(ROOT, "runtime");

export function loadOk(inputs: readonly string[]): Model {
  const r = loadModel(inputs, { cwd: ROOT });
  if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
  return r.model;
}

export const demoModel = (): Model => loadOk([join(FIXTURES, "valid/demo.yaml")]);

/** The catalog ABIs that validate on their own (others are being written concurrently). */
export function catalogModel(): Model {
  const all = loadModel([SPEC_DIR], { cwd: ROOT });
  if (all.ok) return all.model;
  const bad = new Set(all.diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  return { hcgen: 1, abis: all.model.abis.filter((a) => !bad.has(a.file)) };
}

/** Emits `model` into a fresh test/.tmp-<name>/ directory; returns the directory and the files. */
export function emitTo(name: string, model: Model): { dir: string; files: GeneratedFile[] } {
  const dir = join(ROOT, "test", `.tmp-${name}`);
  rmSync(dir, { recursive: true, force: true });
  const runtimeImport = relative(join(dir, "ts"), join(RUNTIME_DIR, "index.js")).split("\\").join("/");
  const files = tsEmitter.emit(model, { runtimeImport: runtimeImport.startsWith(".") ? runtimeImport : `./${runtimeImport}` });
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  return { dir, files };
}

// The model the C tests run on: the catalog in spec/ plus the demo fixture (every language shape).
import { loadModel } from "../../generator/api.js";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import type { Model } from "../../generator/model.js";
import { FIXTURES, ROOT, SPEC_DIR } from "../helpers/catalog.js";

let cached: Model | null = null;

/** Catalog + demo; a catalog spec that does not validate is left out (its own tests report it). */
export function loadAll(): Model {
  if (cached) return cached;
  const r = loadModel([SPEC_DIR, `${FIXTURES}valid/demo.yaml`], { cwd: ROOT });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) console.warn(`[hcgen C tests] specs with errors are not compiled:\n${errors.map(formatDiagnostic).join("\n")}`);
  cached = r.model;
  return cached;
}

// Test helpers: load the bundled catalog (spec/) or a fixture through the real loader, once per file.
import { fileURLToPath } from "node:url";
import { loadModel, type LoadModelResult } from "../../generator/api.js";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import type { Abi } from "../../generator/model.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SPEC_DIR = fileURLToPath(new URL("../../spec/", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));

let catalog: LoadModelResult | null = null;

/** The whole catalog in spec/ (cached). */
export function loadCatalog(): LoadModelResult {
  catalog ??= loadModel([SPEC_DIR], { cwd: ROOT });
  return catalog;
}

/** One ABI of the catalog by id; throws with the diagnostics when the catalog does not validate. */
export function loadAbi(id: string): Abi {
  const r = loadCatalog();
  const abi = r.model.abis.find((a) => a.id === id);
  if (!abi) {
    const problems = r.diagnostics.map(formatDiagnostic).join("\n");
    throw new Error(`ABI '${id}' is not in the catalog${problems ? `:\n${problems}` : ""}`);
  }
  return abi;
}

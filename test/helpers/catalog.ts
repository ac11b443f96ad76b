// Test helpers: load the bundled catalog (spec/) or a fixture through the real loader, once per file.
import { fileURLToPath } from "node:url";
import { loadModel, type LoadModelResult } from "../../generator/api.js";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import type { Abi, ArchName, Call, CallArch, Trap } from "../../generator/model.js";

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

/** A call of an ABI by name; throws (naming the ABI) when it is missing. */
export function call(abi: Abi, name: string): Call {
  const c = abi.calls.find((x) => x.name === name);
  if (!c) throw new Error(`no call ${name} in ${abi.id}`);
  return c;
}

/** A call's per-arch data; throws when the call is not provided on that arch. */
export function on(c: Call, arch: ArchName): CallArch {
  const a = c.arches.find((x) => x.arch === arch);
  if (!a) throw new Error(`${c.name} is not provided on ${arch}`);
  return a;
}

/** A trap of an arch by name. */
export function trap(abi: Abi, arch: ArchName, name: string): Trap {
  const t = abi.arches.find((x) => x.arch === arch)?.traps.find((x) => x.name === name);
  if (!t) throw new Error(`no trap ${name} on ${arch}`);
  return t;
}

/** Bytes as "0f 01 d9". */
export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

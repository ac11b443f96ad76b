// The documented JSON export of the model (`hcgen model --json`, generated/json/). Its shape is
// described by spec/model.schema.json. bigint values become "0x..." strings (negative values keep a
// sign: "-0x3e8"), instruction bytes become "0f 01 c1" strings in memory order. Keys are emitted in
// a fixed order, so the output is byte-identical for the same specs.
import type { Abi, Model } from "./model.js";
import { hex, hexBytes } from "./spec-values.js";

export const EXPORT_FORMAT = "hcgen-model/1";

function jsonable(v: unknown): unknown {
  if (typeof v === "bigint") return hex(v);
  if (v instanceof Uint8Array) return hexBytes(v);
  if (Array.isArray(v)) return v.map(jsonable);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = jsonable(x);
    return out;
  }
  return v;
}

export function exportAbi(abi: Abi): unknown {
  return jsonable(abi);
}

export function exportModel(model: Model, abiId?: string): unknown {
  const abis = abiId ? model.abis.filter((a) => a.id === abiId) : model.abis;
  return { format: EXPORT_FORMAT, abis: abis.map(exportAbi) };
}

export function exportJson(model: Model, abiId?: string): string {
  const abis = abiId ? model.abis.filter((a) => a.id === abiId) : model.abis;
  return exportJsonOf(abis.map(abiJsonText));
}

/**
 * One ABI's export as JSON text at the depth it has inside an export file (an element of "abis",
 * two levels in), so the per-ABI files and json/model.json are put together from the same text
 * instead of converting and serializing every ABI twice (at 10k calls that text is 80 MB).
 */
export function abiJsonText(abi: Abi): string {
  // Serialized at that depth by JSON.stringify itself (inside two arrays), then the wrapper's
  // "[\n  [\n" and "\n  ]\n]" cut off: no second pass over the text to indent it.
  const wrapped = JSON.stringify([[exportAbi(abi)]], null, 2);
  return wrapped.slice(6, wrapped.length - 6);
}

/** An export file from abiJsonText pieces: byte for byte JSON.stringify(exportModel(...), null, 2) + "\n". */
export function exportJsonOf(abiTexts: readonly string[]): string {
  const abis = abiTexts.length === 0 ? "[]" : `[\n${abiTexts.join(",\n")}\n  ]`;
  return `{\n  "format": ${JSON.stringify(EXPORT_FORMAT)},\n  "abis": ${abis}\n}\n`;
}

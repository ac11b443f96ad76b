// The documented JSON export of the model (`hcgen model --json`, generated/json/). Its shape is
// described by spec/model.schema.json. bigint values become "0x..." strings (negative values keep a
// sign: "-0x3e8"), instruction bytes become "0f 01 c1" strings in memory order. Keys are emitted in
// a fixed order, so the output is byte-identical for the same specs.
import type { Abi, Model } from "./model.js";
import { isPlainData, jsonText } from "./json-text.js";
import { hex, hexBytes } from "./spec-values.js";

export const EXPORT_FORMAT = "hcgen-model/1";

/** The export's value for `v`: bigint and bytes as strings, everything else as is (what the JSON files hold, before indenting). */
export function jsonable(v: unknown): unknown {
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
  const parts: string[] = [];
  for (const p of exportPieces(abis)) parts.push(p);
  return parts.join("");
}

/**
 * An export file as pieces whose join is byte for byte JSON.stringify(exportModel(...), null, 2) + "\n".
 * Each call (anything two levels inside an ABI) is written on its own by jsonText, straight at its
 * depth, so the json emitter streams an export (at 10k calls 80 MB) without building a converted copy
 * or its text whole: memory holds one call's worth at a time.
 */
export function* exportPieces(abis: readonly Abi[]): Generator<string, void, void> {
  yield `{\n  "format": ${JSON.stringify(EXPORT_FORMAT)},\n  "abis": `;
  if (abis.length === 0) yield "[]";
  else {
    yield "[\n";
    for (const [i, abi] of abis.entries()) {
      if (i > 0) yield ",\n";
      yield "    ";
      yield* valuePieces(abi, 2, 0);
    }
    yield "\n  ]";
  }
  yield "\n}\n";
}

/** Levels serialized piece by piece; deeper values are written whole by jsonText (ABI > calls > one call). */
const STREAMED_LEVELS = 2;

const streamed = (v: unknown, level: number): v is object =>
  level < STREAMED_LEVELS && v !== null && typeof v === "object" && !(v instanceof Uint8Array) && isPlainData(v);

/** JSON.stringify(jsonable(v), null, 2) for a streamed value that starts `depth` levels deep (2*depth spaces), as pieces. */
function* valuePieces(v: object, depth: number, level: number): Generator<string, void, void> {
  const indent = " ".repeat(2 * depth);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) { yield "[]"; return; }
    yield "[\n";
    for (let i = 0; i < v.length; i++) {
      yield i > 0 ? `,\n${inner}` : inner;
      const x: unknown = v[i];
      if (streamed(x, level + 1)) yield* valuePieces(x, depth + 1, level + 1);
      else yield jsonText(x, depth + 1) ?? "null";
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [k, x] of Object.entries(v)) {
    const key = `${first ? "{\n" : ",\n"}${inner}${JSON.stringify(k)}: `;
    if (streamed(x, level + 1)) {
      yield key;
      yield* valuePieces(x, depth + 1, level + 1);
    } else {
      const text = jsonText(x, depth + 1);
      if (text === undefined) continue; // left out, as JSON.stringify leaves out undefined members
      yield key + text;
    }
    first = false;
  }
  yield first ? "{}" : `\n${indent}}`;
}

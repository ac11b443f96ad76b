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

/** jsonable() as a JSON.stringify replacer: called on each value before it is serialized (a bigint included). */
function jsonReplacer(_key: string, v: unknown): unknown {
  return typeof v === "bigint" ? hex(v) : v instanceof Uint8Array ? hexBytes(v) : v;
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
 * Each call (anything two levels inside an ABI) is converted and serialized on its own, so the
 * json emitter streams an export (at 10k calls 80 MB) without building its converted copy or its
 * text whole: memory holds one call's worth at a time.
 */
export function* exportPieces(abis: readonly Abi[]): Generator<string, void, void> {
  yield `{\n  "format": ${JSON.stringify(EXPORT_FORMAT)},\n  "abis": `;
  if (abis.length === 0) yield "[]";
  else {
    yield "[\n";
    for (const [i, abi] of abis.entries()) {
      if (i > 0) yield ",\n";
      yield "    ";
      yield* valuePieces(abi, "    ", 0);
    }
    yield "\n  ]";
  }
  yield "\n}\n";
}

/** Levels serialized piece by piece; deeper values go through JSON.stringify whole (ABI > calls > one call). */
const STREAMED_LEVELS = 2;

/** JSON.stringify omits these in an object and writes null for them in an array. */
const omitted = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";

/** JSON.stringify(jsonable(v), null, 2) for a value that starts `indent` deep, as pieces. */
function* valuePieces(v: unknown, indent: string, level: number): Generator<string, void, void> {
  if (level < STREAMED_LEVELS && v !== null && typeof v === "object" && !(v instanceof Uint8Array)) {
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) { yield "[]"; return; }
      yield "[\n";
      for (let i = 0; i < v.length; i++) {
        yield i > 0 ? `,\n${inner}` : inner;
        const x: unknown = v[i];
        if (omitted(x)) yield "null";
        else yield* valuePieces(x, inner, level + 1);
      }
      yield `\n${indent}]`;
      return;
    }
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (omitted(x)) continue;
      yield `${first ? "{\n" : ",\n"}${inner}${JSON.stringify(k)}: `;
      first = false;
      yield* valuePieces(x, inner, level + 1);
    }
    yield first ? "{}" : `\n${indent}}`;
    return;
  }
  // The replacer converts bigint and bytes as jsonable() does, without a converted copy of the call.
  // A string value's newlines are escaped ("\\n"), so every raw newline here is the indentation's.
  const text = JSON.stringify(v, jsonReplacer, 2);
  yield indent === "" ? text : text.replace(/\n/g, `\n${indent}`);
}

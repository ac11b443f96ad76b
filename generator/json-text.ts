// One value of the JSON export as text, written straight at the depth it sits in the file (issue 16).
// The bytes are exactly JSON.stringify(jsonable(v), null, 2) re-indented to that depth: bigint -> hex(),
// Uint8Array -> hexBytes(), undefined/function/symbol left out of objects and null in arrays, keys in
// Object.keys order, numbers and strings as JSON.stringify writes them; anything that is not plain
// data goes through JSON.stringify with the replacer, as before. It replaces JSON.stringify(v,
// replacer, 2) plus a re-indent, which took 1.6-1.7x as long: a replacer takes V8 off its fast path
// (it is called for every key and value) and the re-indent copies the whole text again. A converted
// copy then a native JSON.stringify was measured too and was slower than this (the copy costs about
// what the replacer did); see bench/ANALYSIS.md (#16).
import { hex, hexBytes } from "./spec-values.js";

/** jsonable() as a JSON.stringify replacer: called on each value before it is serialized (a bigint included). */
export function jsonReplacer(_key: string, v: unknown): unknown {
  return typeof v === "bigint" ? hex(v) : v instanceof Uint8Array ? hexBytes(v) : v;
}

// Per depth d (indent 2*d spaces): what goes before the first and between members, and the closers.
const open: { array: string; object: string }[] = [];
const between: string[] = [];
const close: { array: string; object: string }[] = [];
function depthStrings(d: number): void {
  for (let i = between.length; i <= d; i++) {
    const indent = " ".repeat(2 * i);
    const inner = `${indent}  `;
    open.push({ array: `[\n${inner}`, object: `{\n${inner}` });
    between.push(`,\n${inner}`);
    close.push({ array: `\n${indent}]`, object: `\n${indent}}` });
  }
}

// `"key": ` with what precedes it, per depth: the export's keys are a few dozen names repeated for
// every call, so each is escaped once. Capped so an object keyed by user names cannot grow it unbounded.
const MAX_KEYS_PER_DEPTH = 4096;
const firstKeys: Map<string, string>[] = [];
const nextKeys: Map<string, string>[] = [];
function keyText(cache: Map<string, string>[], before: string, d: number, k: string): string {
  const m = (cache[d] ??= new Map());
  let s = m.get(k);
  if (s === undefined) {
    s = `${before}${JSON.stringify(k)}: `;
    if (m.size < MAX_KEYS_PER_DEPTH) m.set(k, s);
  }
  return s;
}

// A string needs JSON.stringify's escaping only if it holds one of these (a surrogate may be lone,
// which well-formed JSON.stringify writes as \udxxx); otherwise its JSON text is the string quoted.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * JSON.stringify(jsonable(v), null, 2) as it appears `depth` levels deep (indented 2*depth spaces
 * after each newline), or undefined where JSON.stringify leaves the value out (undefined, a function,
 * a symbol), as it does for a member.
 */
export function jsonText(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case "string": return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
    case "number": return Number.isFinite(v) ? String(v) : "null"; // String() is JSON's Number::toString
    case "boolean": return v ? "true" : "false";
    case "bigint": return `"${hex(v)}"`; // hex digits, x and - need no escaping
    case "undefined": case "function": case "symbol": return undefined;
  }
  if (v === null) return "null";
  if (v instanceof Uint8Array) return `"${hexBytes(v)}"`;
  if (!isPlainData(v as object)) return exoticText(v as object, depth);
  if (depth >= between.length) depthStrings(depth);
  if (Array.isArray(v)) {
    const n = v.length;
    if (n === 0) return "[]";
    let s = open[depth]!.array;
    for (let i = 0; i < n; i++) {
      if (i > 0) s += between[depth]!;
      s += jsonText(v[i], depth + 1) ?? "null";
    }
    return s + close[depth]!.array;
  }
  let s = "";
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const text = jsonText(o[k], depth + 1);
    if (text === undefined) continue;
    s += s === "" ? keyText(firstKeys, open[depth]!.object, depth, k) : keyText(nextKeys, between[depth]!, depth, k);
    s += text;
  }
  return s === "" ? "{}" : s + close[depth]!.object;
}

/** A plain object or array with no toJSON: the model is made of these (and bigints, bytes, primitives). */
export function isPlainData(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return (proto === Object.prototype || proto === Array.prototype || proto === null) && typeof (o as { toJSON?: unknown }).toJSON !== "function";
}

/**
 * Anything else (a Date, a boxed number, a class instance, something with toJSON) goes through
 * JSON.stringify with the replacer, as the whole export did before, so its text does not change.
 * A string value's newlines are escaped ("\\n"), so every raw newline here is the indentation's.
 */
function exoticText(o: object, depth: number): string | undefined {
  const text = JSON.stringify(o, jsonReplacer, 2) as string | undefined; // undefined if its toJSON gives undefined
  return depth === 0 || text === undefined ? text : text.replace(/\n/g, `\n${" ".repeat(2 * depth)}`);
}

// A small typed printer for the data literals of generated tables: JS values become TypeScript
// literals (strings escaped, bigints exact); `code` marks already-generated expressions (codecs).
//
// Layout: an array of primitives is always one line; any other array or object is one line when
// its one-line form has no newline and is at most 100 characters, else one element per line. A
// table's literal is most of a 1.6 MB module, so "one line?" is decided from a budget that stops at
// the 101st character: no long one-line text is built only to be found too long, and no built text
// is scanned for newlines.
import { big, litKey, str } from "./ts-values.js";

export class Code {
  constructor(readonly text: string) {}
}
export const code = (text: string): Code => new Code(text);

export type Lit = string | number | boolean | null | bigint | Code | readonly Lit[] | { readonly [k: string]: Lit };
type LitObject = { readonly [k: string]: Lit };

const LINE = 100;

/** Prints `v` as a TS expression; objects and arrays of objects go one property per line. */
export function printLit(v: Lit, indent = ""): string {
  const l = leaf(v);
  if (l !== null) return l;
  if (Array.isArray(v) && isPrimitives(v)) return `[${(v as readonly Lit[]).map((x) => leaf(x)!).join(", ")}]`;
  const one = oneLine(v, LINE);
  if (one !== null) return one;
  // Each level joins its own elements: a join copies flat pieces quickly, where appending with +=
  // makes a rope of every piece of the table (~100k for the catalog) that costs more to flatten.
  const inner = indent + "  ";
  const items: string[] = [];
  if (Array.isArray(v)) {
    for (const x of v as readonly Lit[]) items.push(printLit(x, inner));
    return `[\n${inner}${items.join(`,\n${inner}`)},\n${indent}]`;
  }
  const o = v as LitObject;
  for (const k of Object.keys(o)) items.push(`${litKey(k)}: ${printLit(o[k]!, inner)}`);
  return `{\n${inner}${items.join(`,\n${inner}`)},\n${indent}}`;
}

/** A leaf's text (a scalar or a Code), or null when `v` is an array or an object. */
function leaf(v: Lit): string | null {
  if (v === null) return "null";
  switch (typeof v) {
    case "string": return str(v);
    case "bigint": return big(v);
    case "boolean": return String(v);
    case "number":
      if (!Number.isFinite(v)) throw new Error(`cannot print ${v}`);
      return String(v);
  }
  return v instanceof Code ? v.text : null;
}

const isPrimitives = (a: readonly Lit[]): boolean => a.every((x) => x === null || typeof x !== "object");

/**
 * `v`'s one-line text when `v` prints on one line and that text is at most `limit` characters,
 * else null. Indentation only matters to multi-line text, so the one-line text is the same at any depth.
 */
function oneLine(v: Lit, limit: number): string | null {
  const l = leaf(v);
  if (l !== null) return l.length <= limit && !l.includes("\n") ? l : null;
  if (Array.isArray(v)) {
    const a = v as readonly Lit[];
    // Empty containers count too: `name: []` can be what pushes an object past the line.
    if (a.length === 0) return limit >= 2 ? "[]" : null;
    // Arrays of primitives are one line at any length; others only within a line.
    const budget = isPrimitives(a) ? limit : Math.min(limit, LINE);
    let len = 2 + 2 * (a.length - 1);
    if (len > budget) return null;
    const items: string[] = [];
    for (const x of a) {
      const s = oneLine(x, budget - len);
      if (s === null) return null;
      len += s.length;
      items.push(s);
    }
    return `[${items.join(", ")}]`;
  }
  const o = v as LitObject;
  const keys = Object.keys(o);
  if (keys.length === 0) return limit >= 2 ? "{}" : null;
  const budget = Math.min(limit, LINE);
  let len = 4 + 2 * (keys.length - 1);
  if (len > budget) return null;
  const entries: string[] = [];
  for (const k of keys) {
    const name = litKey(k);
    len += name.length + 2;
    if (len > budget) return null;
    const s = oneLine(o[k]!, budget - len);
    if (s === null) return null;
    len += s.length;
    entries.push(`${name}: ${s}`);
  }
  return `{ ${entries.join(", ")} }`;
}

// A small typed printer for the data literals of generated tables: JS values become TypeScript
// literals (strings escaped, bigints exact); `code` marks already-generated expressions (codecs).
import { big, litKey, str } from "./ts-values.js";

export class Code {
  constructor(readonly text: string) {}
}
export const code = (text: string): Code => new Code(text);

export type Lit = string | number | boolean | null | bigint | Code | readonly Lit[] | { readonly [k: string]: Lit };

/** Prints `v` as a TS expression; objects and arrays of objects go one property per line. */
export function printLit(v: Lit, indent = ""): string {
  if (v instanceof Code) return v.text;
  if (v === null) return "null";
  if (typeof v === "string") return str(v);
  if (typeof v === "bigint") return big(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`cannot print ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return String(v);
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    const items = (v as readonly Lit[]).map((x) => printLit(x, inner));
    if (items.length === 0) return "[]";
    const primitives = (v as readonly Lit[]).every((x) => x === null || typeof x !== "object");
    return primitives || fitsOnOneLine(items, 2) ? `[${items.join(", ")}]` : `[\n${inner}${items.join(`,\n${inner}`)},\n${indent}]`;
  }
  const entries = Object.entries(v as { readonly [k: string]: Lit }).map(([k, x]) => `${litKey(k)}: ${printLit(x, inner)}`);
  if (entries.length === 0) return "{}";
  return fitsOnOneLine(entries, 4) ? `{ ${entries.join(", ")} }` : `{\n${inner}${entries.join(`,\n${inner}`)},\n${indent}}`;
}

/**
 * Whether `items` joined by ", " inside brackets of `brackets` characters is one line of at most
 * 100 characters, decided from the lengths: a table of 10k calls must not build its whole text
 * once more (per level of nesting) only to find it too long for one line.
 */
function fitsOnOneLine(items: readonly string[], brackets: number): boolean {
  let len = brackets + 2 * (items.length - 1);
  for (const i of items) {
    len += i.length;
    if (len > 100 || i.includes("\n")) return false;
  }
  return true;
}

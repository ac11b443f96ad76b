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
    const flat = `[${items.join(", ")}]`;
    const primitives = (v as readonly Lit[]).every((x) => x === null || typeof x !== "object");
    return primitives || flat.length <= 100 && !flat.includes("\n") ? flat : `[\n${items.map((i) => inner + i).join(",\n")},\n${indent}]`;
  }
  const entries = Object.entries(v as { readonly [k: string]: Lit }).map(([k, x]) => `${litKey(k)}: ${printLit(x, inner)}`);
  if (entries.length === 0) return "{}";
  const flat = `{ ${entries.join(", ")} }`;
  return flat.length <= 100 && !flat.includes("\n") ? flat : `{\n${entries.map((e) => inner + e).join(",\n")},\n${indent}}`;
}

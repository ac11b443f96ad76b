// Literals, TypeScript value kinds and register codec expressions for the TS emitter. Every piece of
// spec text that reaches generated code passes through `str` (string literal) or `docText` (comment).
import type { Arg, ArgType, Call } from "../model.js";

/** A string literal that no spec text can break out of (quotes, backslashes, newlines, `${`). */
export const str = (s: string): string => JSON.stringify(s);

/** A bigint literal, exact for any 64-bit (or wider) value. */
export const big = (v: bigint): string => (v < 0n ? `-0x${(-v).toString(16)}n` : `0x${v.toString(16)}n`);

/** Text for a JSDoc/block comment: a `*\/` in a spec doc must not end the comment. */
export const docText = (s: string): string =>
  (s.includes("*/") || s.includes("\r") ? s.replace(/\*\//g, "*\\/").replace(/\r\n?/g, "\n") : s).trim();

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** An interface property name. */
export const key = (name: string): string => (IDENT.test(name) ? name : str(name));
/** An object-literal key (a literal "__proto__" key would set the prototype, so it is computed). */
export const litKey = (name: string): string => (name === "__proto__" ? `[${str(name)}]` : key(name));
/** `obj.name` or `obj["name"]`. */
export const prop = (obj: string, name: string): string => (IDENT.test(name) ? `${obj}.${name}` : `${obj}[${str(name)}]`);

export type Kind = "number" | "bigint" | "boolean";
const SMALL = new Set<ArgType>(["u8", "u16", "u32", "i8", "i16", "i32"]);

/** The TS kind of one value across every arch of a call: number only if ≤ 32 bits everywhere. */
export function mergedKind(types: ReadonlySet<ArgType>): Kind {
  if ([...types].every((t) => t === "bool")) return "boolean";
  if ([...types].every((t) => SMALL.has(t))) return "number";
  return "bigint";
}

export interface MergedValue {
  readonly name: string;
  readonly kind: Kind;
  readonly optional: boolean;   // absent on some arch of the call
  readonly docs: readonly string[];
  readonly types: readonly ArgType[];
}

/** Args (or results) of a call merged over its arches (types and presence differ per arch). */
export function mergeValues(call: Call, pick: (a: Call["arches"][number]) => readonly Arg[]): MergedValue[] {
  const order: string[] = [];
  const info = new Map<string, { types: Set<ArgType>; count: number; docs: Set<string> }>();
  const lists = call.arches.length > 0 ? call.arches.map(pick) : [];
  for (const list of lists)
    for (const a of list) {
      let i = info.get(a.name);
      if (!i) { info.set(a.name, (i = { types: new Set(), count: 0, docs: new Set() })); order.push(a.name); }
      i.types.add(a.type); i.count++;
      if (a.doc) i.docs.add(a.doc);
    }
  return order.map((name) => {
    const i = info.get(name)!;
    return { name, kind: mergedKind(i.types), optional: i.count < lists.length, docs: [...i.docs], types: [...i.types] };
  });
}

const mergedArgsOf = new WeakMap<Call, readonly MergedValue[]>();
const mergedResultsOf = new WeakMap<Call, readonly MergedValue[]>();

/**
 * mergeValues of a call's args, made once per call: the table, the dispatcher and the stubs ask for
 * it per call and arch (the model is frozen, so the answer cannot change).
 */
export function mergedArgs(call: Call): readonly MergedValue[] {
  let m = mergedArgsOf.get(call);
  if (m === undefined) mergedArgsOf.set(call, (m = mergeValues(call, (a) => a.args)));
  return m;
}

/** mergeValues of a call's results, made once per call (as mergedArgs). */
export function mergedResults(call: Call): readonly MergedValue[] {
  let m = mergedResultsOf.get(call);
  if (m === undefined) mergedResultsOf.set(call, (m = mergeValues(call, (a) => a.resultValues)));
  return m;
}

export function typeWidth(t: ArgType, word: number): number {
  switch (t) {
    case "u8": case "i8": return 8;
    case "u16": case "i16": return 16;
    case "u32": case "i32": return 32;
    case "u64": case "i64": return 64;
    case "bool": return 1;
    default: return word; // ulong, long, gpa, gva, ptr
  }
}

export const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const signed = (t: ArgType): boolean => t.startsWith("i") || t === "long";

/**
 * An unsigned raw bigint expression of `width` bits -> the value of `type` in kind `kind`: narrowed
 * to the type's width (at most the source width), sign-extended for i* types.
 */
export function fromRaw(raw: string, width: number, type: ArgType, kind: Kind): string {
  const eff = Math.min(typeWidth(type, 64), width);
  let v = raw;
  if (type === "bool") v = `(${raw} !== 0n)`;
  else if (signed(type)) v = `BigInt.asIntN(${eff}, ${raw})`;
  else if (eff < width) v = `(${raw} & ${big(mask(eff))})`;
  if (type === "bool") return kind === "boolean" ? v : kind === "number" ? `(${v} ? 1 : 0)` : `(${v} ? 1n : 0n)`;
  return kind === "number" ? `Number(${v})` : v;
}

/**
 * A value expression of kind `kind` -> an unsigned bigint that fits `width` bits: narrowed to the
 * type's width, sign-extended to `width` for i* types. `wraps`: the destination (a BigUint64Array
 * slot) already reduces mod 2^64, so no asUintN is needed at width 64.
 */
export function toRaw(value: string, type: ArgType, kind: Kind, width: number, wraps: boolean): string {
  const asBig = kind === "number" ? `BigInt(${value})` : kind === "boolean" ? `(${value} ? 1n : 0n)` : value;
  if (type === "bool") return kind === "bigint" ? `(${value} !== 0n ? 1n : 0n)` : asBig;
  const eff = Math.min(typeWidth(type, 64), width);
  if (signed(type)) {
    const inner = eff === 64 ? asBig : `BigInt.asIntN(${eff}, ${asBig})`;
    return width === 64 && wraps ? inner : `BigInt.asUintN(${width}, ${inner})`;
  }
  if (eff === 64 && width === 64 && wraps) return asBig;
  return `BigInt.asUintN(${eff}, ${asBig})`;
}

export const zeroOf = (k: Kind): string => (k === "number" ? "0" : k === "boolean" ? "false" : "0n");
export const tsType = (k: Kind): string => k;

/** A JSDoc block for a raw statement (declarations get theirs from ts-print.ts). */
export function jsdoc(text: string): string {
  const t = docText(text);
  if (!t) return "";
  const lines = t.split("\n");
  return lines.length === 1 ? `/** ${lines[0]} */\n` : `/**\n${lines.map((l) => (l ? ` * ${l}` : " *")).join("\n")}\n */\n`;
}

/** `export const name[: type] = init;` with a doc comment, printed as is (keeps the literal's indentation). */
export const exportConst = (doc: string, name: string, type: string | null, init: string): string =>
  `${jsdoc(doc)}export const ${name}${type ? `: ${type}` : ""} = ${init};`;

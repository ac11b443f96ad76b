// A fast path for loading specs (issue 16): the yaml library's lexer, CST parser and composer were
// most of `hcgen validate`'s time, for documents that use a small part of YAML. This reads that part
// directly into the plain value load.ts wants (integers as bigint) plus a light position tree for
// locate(), and answers null (the caller then runs the yaml library as before) on anything else:
// anchors, aliases, tags, directives, document markers, tabs, CR, multi-line plain or quoted scalars,
// multi-line flow collections, explicit keys, floats, non-string keys, duplicate keys, hidden
// characters, lone surrogates, `__proto__`, deep nesting, and every construct it is unsure of.
// So it never decides a refusal; it only accepts documents the yaml library accepts without a
// diagnostic, with the same value and the same node offsets (test/validate/fast-yaml.test.ts
// compares both on every spec and fixture and on generated documents).
import { HIDDEN as HIDDEN_CHARS } from "./hidden-chars.js";
import { HEX_FLOAT, LONE_SURROGATE } from "./yaml-hazards.js";

/** A node's position: a scalar's start offset, or a collection with its children's positions. */
export type PosNode = number | PosMap | PosSeq;
export interface PosPair { readonly keyStart: number; readonly valueStart: number; readonly value: PosNode }
export interface PosMap { readonly start: number; readonly pairs: Map<string, PosPair> }
export interface PosSeq { readonly start: number; readonly items: PosNode[] }

export function posStart(n: PosNode): number { return typeof n === "number" ? n : n.start; }

export interface FastParsed { readonly value: Record<string, unknown>; readonly root: PosMap; readonly lineStarts: number[] }

class Bail extends Error {}
function bail(): never { throw new Bail(); }

/** Nesting the fast path takes; deeper documents go to the yaml library (and load.ts's MAX_NESTING). */
const MAX_DEPTH = 40;
// The refusals the fast path leaves to the yaml library path, built from the same patterns so they cannot drift
// (plus U+FFFE/U+FFFF, which the yaml library treats differently): any of these declines the fast path.
const HIDDEN = new RegExp(HIDDEN_CHARS.source.replace(/\]$/, "\\ufffe\\uffff]"), "u");
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
// The core schema's float forms (yaml/dist/schema/core/float.js) and hex floats (yaml-hazards.ts): refused by load.ts.
const FLOAT = new RegExp(`^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$|^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$|${HEX_FLOAT.source}`, "i");
/** A run of double-quoted characters that need no decoding. */
const DQ_RUN = /[^"\\\n]*/y;
const KEY_SAFE = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/; // plain keys that are surely strings (not null, bool or int)

/**
 * The yaml library's LineCounter (the same fields and linePos, 1-based; yaml/dist/parse/line-counter.js)
 * over line starts the fast path found, so the library need not be loaded for it.
 */
export class FastLines {
  readonly addNewLine = (offset: number): number => this.lineStarts.push(offset);
  constructor(readonly lineStarts: number[]) {}
  readonly linePos = (offset: number): { line: number; col: number } => {
    let low = 0;
    let high = this.lineStarts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.lineStarts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (this.lineStarts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - this.lineStarts[low - 1]! + 1 };
  };
}

/** Tests switch the fast path off to compare whole loads (diagnostics, model) with and without it. */
export const fastYaml = { enabled: true };

/** Parses `text` or answers null when it is outside the subset (the caller then uses the yaml library). */
export function parseFast(text: string): FastParsed | null {
  if (!fastYaml.enabled) return null;
  if (text.length === 0 || text.charCodeAt(text.length - 1) !== 10) return null;
  if (text.includes("\t") || text.includes("\r") || HIDDEN.test(text)) return null;
  try {
    return new FastParser(text).document();
  } catch (e) {
    if (e instanceof Bail || e instanceof RangeError) return null;
    throw e;
  }
}

class FastParser {
  private i = 0;
  private readonly lineStarts: number[] = [0];
  constructor(private readonly s: string) {
    for (let n = s.indexOf("\n"); n !== -1; n = s.indexOf("\n", n + 1)) this.lineStarts.push(n + 1);
  }

  document(): FastParsed {
    const ind = this.nextContent();
    if (ind !== 0 || this.i >= this.s.length) bail();
    const c = this.s[this.i];
    if (c === "-" || c === "%" || c === "[" || c === "{") bail(); // a map at the top, no markers
    const r = this.blockNode(0, -1, 0);
    this.nextContent();
    if (this.i < this.s.length) bail();
    if (typeof r.pos === "number" || !("pairs" in r.pos)) bail();
    return { value: r.value as Record<string, unknown>, root: r.pos as PosMap, lineStarts: this.lineStarts };
  }

  /** Skips blank and comment lines from the start of a line; leaves `i` at the first content character, returns its column (-1 at EOF). */
  private nextContent(): number {
    const s = this.s;
    for (;;) {
      if (this.i >= s.length) return -1;
      let j = this.i;
      while (s.charCodeAt(j) === 32) j++;
      const c = s.charCodeAt(j);
      if (c === 10) { this.i = j + 1; continue; }
      if (c === 35) { const n = s.indexOf("\n", j); this.i = n + 1; continue; } // '#'
      if (j === this.i && (s.startsWith("---", j) || s.startsWith("...", j))) bail();
      const col = j - this.i;
      this.i = j;
      return col;
    }
  }

  private column(at: number): number { return at - this.lineStart(at); }
  private lineStart(at: number): number { return this.s.lastIndexOf("\n", at - 1) + 1; }

  /** After a node on one line: spaces, an optional comment (after a space), the newline. */
  private endLine(): void {
    const s = this.s;
    let j = this.i;
    while (s.charCodeAt(j) === 32) j++;
    const c = s.charCodeAt(j);
    if (c === 35 && (j > this.i || s.charCodeAt(j - 1) === 32)) j = s.indexOf("\n", j);
    else if (c !== 10) bail();
    this.i = j + 1;
  }

  /**
   * A block node starting at `i` (column `col`): a sequence, a mapping, a flow collection, a block
   * scalar or a one-line scalar. `parent` is the indentation of the enclosing collection.
   */
  private blockNode(col: number, parent: number, depth: number): { value: unknown; pos: PosNode } {
    if (depth > MAX_DEPTH) bail();
    const s = this.s;
    const c = s[this.i]!;
    if (c === "-" && (s[this.i + 1] === " " || s[this.i + 1] === "\n")) return this.blockSeq(col, depth);
    if (c === "[" || c === "{") {
      const r = this.flowNode(depth);
      this.endLine();
      return r;
    }
    if (this.looksLikeKey()) return this.blockMap(col, depth);
    if (c === "|" || c === ">") return this.blockScalar(parent);
    const start = this.i;
    const value = c === '"' || c === "'" ? this.quoted() : this.plainBlock();
    this.endLine();
    // A more-indented line after a one-line scalar would continue it (or be an error): not ours.
    const save = this.i;
    const next = this.nextContent();
    if (next > parent && next !== -1) bail();
    this.i = save;
    return { value, pos: start };
  }

  /** Whether a block mapping entry `key: ` starts at `i` (the key on this line, a plain or quoted scalar). */
  private looksLikeKey(): boolean {
    const s = this.s;
    const c = s[this.i];
    if (c === '"' || c === "'") {
      const save = this.i;
      try { this.quoted(); } catch (e) { this.i = save; if (e instanceof Bail) return false; throw e; }
      const after = this.i;
      this.i = save;
      return s[after] === ":" && (s[after + 1] === " " || s[after + 1] === "\n");
    }
    const eol = s.indexOf("\n", this.i);
    for (let j = this.i; j < eol; j++) {
      const d = s.charCodeAt(j);
      if (d === 58 && (s.charCodeAt(j + 1) === 32 || s.charCodeAt(j + 1) === 10)) return true; // ':'
      if (d === 35 && s.charCodeAt(j - 1) === 32) return false; // ' #'
    }
    return false;
  }

  private blockMap(indent: number, depth: number): { value: unknown; pos: PosNode } {
    const s = this.s;
    const value: Record<string, unknown> = {};
    const pairs = new Map<string, PosPair>();
    const start = this.i;
    for (;;) {
      const keyStart = this.i;
      const c = s[keyStart];
      let key: string;
      if (c === '"' || c === "'") {
        key = this.quoted();
      } else {
        const colon = s.indexOf(":", keyStart);
        key = s.slice(keyStart, colon);
        plainKey(key);
        this.i = colon;
      }
      if (s[this.i] !== ":" || (s[this.i + 1] !== " " && s[this.i + 1] !== "\n") || this.i - keyStart > 1000) bail();
      if (key === "__proto__" || key === "<<" || pairs.has(key) || HIDDEN.test(key) || LONE_SURROGATE.test(key)) bail();
      this.i++;
      while (s.charCodeAt(this.i) === 32) this.i++;
      let r: { value: unknown; pos: PosNode };
      const d = s.charCodeAt(this.i);
      if (d === 10 || (d === 35 && s.charCodeAt(this.i - 1) === 32)) {
        // The value starts on a later line: more indented, or a sequence at the key's indentation.
        this.endLine();
        const col = this.nextContent();
        if (col > indent) r = this.blockNode(col, indent, depth + 1);
        else if (col === indent && s[this.i] === "-" && (s[this.i + 1] === " " || s[this.i + 1] === "\n")) r = this.blockSeq(col, depth + 1);
        else bail(); // an empty value: the yaml library places its node in ways not worth copying
      } else {
        if (s[this.i] === "-" && (s[this.i + 1] === " " || s[this.i + 1] === "\n")) bail();
        if (s[this.i] !== "[" && s[this.i] !== "{" && this.looksLikeKey()) bail(); // `a: b: c`
        r = this.blockNode(this.column(this.i), indent, depth + 1);
      }
      value[key] = r.value;
      pairs.set(key, { keyStart, valueStart: posStart(r.pos), value: r.pos });
      const col = this.nextContent();
      if (col === -1 || col < indent) break;
      if (col > indent) bail();
      if (s[this.i] === "-" || !this.looksLikeKey()) bail();
    }
    this.rewindToLineStart();
    return { value, pos: { start, pairs } };
  }

  private blockSeq(indent: number, depth: number): { value: unknown; pos: PosNode } {
    const s = this.s;
    const value: unknown[] = [];
    const items: PosNode[] = [];
    const start = this.i;
    for (;;) {
      this.i++; // '-'
      while (s.charCodeAt(this.i) === 32) this.i++;
      const d = s.charCodeAt(this.i);
      let r: { value: unknown; pos: PosNode };
      if (d === 10 || d === 35) {
        if (d === 35 && s.charCodeAt(this.i - 1) !== 32) bail();
        this.endLine();
        const col = this.nextContent();
        if (col <= indent) bail(); // an empty item
        r = this.blockNode(col, indent, depth + 1);
      } else {
        if (s[this.i] === "-" && (s[this.i + 1] === " " || s[this.i + 1] === "\n")) bail(); // `- - a`
        r = this.blockNode(this.column(this.i), indent, depth + 1);
      }
      value.push(r.value);
      items.push(r.pos);
      const col = this.nextContent();
      if (col === -1 || col < indent) break;
      if (col > indent || !(s[this.i] === "-" && (s[this.i + 1] === " " || s[this.i + 1] === "\n"))) {
        // a key at the sequence's own indentation ends a sequence that is a mapping's value
        if (col === indent && s[this.i] !== "-") break;
        bail();
      }
    }
    this.rewindToLineStart();
    return { value, pos: { start, items } };
  }

  /** nextContent() left `i` inside a line that belongs to an outer node: go back to its start. */
  private rewindToLineStart(): void {
    if (this.i < this.s.length) this.i = this.lineStart(this.i);
  }

  /** A one-line plain scalar in block context, up to a comment or the end of the line. */
  private plainBlock(): unknown {
    const s = this.s;
    const c = s[this.i]!;
    if ("-?:,[]{}#&*!|>'\"%@`".includes(c)) {
      if (!((c === "-" || c === "?" || c === ":") && s[this.i + 1] !== " " && s[this.i + 1] !== "\n")) bail();
      if (c !== "-") bail();
    }
    const eol = s.indexOf("\n", this.i);
    let end = eol;
    for (let j = this.i; j < eol; j++) {
      const d = s.charCodeAt(j);
      if (d === 35 && s.charCodeAt(j - 1) === 32) { end = j; break; }
      if (d === 58 && (s.charCodeAt(j + 1) === 32 || j + 1 === eol)) bail();
    }
    const raw = s.slice(this.i, end).replace(/ +$/, "");
    this.i = this.i + raw.length;
    return resolvePlain(raw);
  }

  /** A one-line quoted scalar; `i` ends after the closing quote. */
  private quoted(): string {
    const s = this.s;
    const q = s[this.i];
    let j = this.i + 1;
    let out = "";
    if (q === "'") {
      for (;;) {
        const k = s.indexOf("'", j);
        const nl = s.indexOf("\n", j);
        if (k < 0 || (nl >= 0 && nl < k)) bail();
        out += s.slice(j, k);
        if (s[k + 1] === "'") { out += "'"; j = k + 2; continue; }
        j = k + 1;
        break;
      }
    } else {
      for (;;) {
        DQ_RUN.lastIndex = j;
        DQ_RUN.test(s);
        if (DQ_RUN.lastIndex > j) { out += s.slice(j, DQ_RUN.lastIndex); j = DQ_RUN.lastIndex; }
        const c = s[j];
        if (c === undefined || c === "\n") bail();
        if (c === '"') { j++; break; }
        const e = s[j + 1];
        j += 2;
        switch (e) {
          case "\\": out += "\\"; break;
          case '"': out += '"'; break;
          case "/": out += "/"; break;
          case "n": out += "\n"; break;
          case "t": out += "\t"; break;
          case "0": out += "\0"; break;
          case "x": out += hex(s, j, 2); j += 2; break;
          case "u": out += hex(s, j, 4); j += 4; break;
          case "U": out += hex(s, j, 8); j += 8; break;
          default: bail();
        }
      }
    }
    if (HIDDEN.test(out) || LONE_SURROGATE.test(out) || out === "__proto__") bail();
    this.i = j;
    return out;
  }

  /** A literal or folded block scalar; `parent` is the enclosing collection's indentation. */
  private blockScalar(parent: number): { value: unknown; pos: PosNode } {
    const s = this.s;
    const start = this.i;
    const folded = s[this.i] === ">";
    this.i++;
    let chomp = "clip";
    if (s[this.i] === "-") { chomp = "strip"; this.i++; } else if (s[this.i] === "+") { chomp = "keep"; this.i++; }
    const h = s.charCodeAt(this.i);
    if (h !== 10 && h !== 32) bail(); // an indentation indicator
    this.endLine();
    // Content lines: the first non-empty one sets the indentation.
    const lines: string[] = [];
    let indent = -1;
    for (;;) {
      if (this.i >= s.length) break;
      const eol = s.indexOf("\n", this.i);
      const line = s.slice(this.i, eol);
      let sp = 0;
      while (line.charCodeAt(sp) === 32) sp++;
      if (sp === line.length) { // blank line
        if (indent >= 0 && sp > indent) bail(); // spaces kept past the indentation
        if (indent < 0 && sp > 0) bail();
        lines.push("");
        this.i = eol + 1;
        continue;
      }
      if (indent < 0) { if (sp <= parent) break; indent = sp; }
      if (sp < indent) break;
      if (sp > indent && folded) bail(); // more-indented lines fold differently
      lines.push(line.slice(indent));
      this.i = eol + 1;
    }
    if (indent < 0) bail();
    let n = lines.length;
    while (n > 0 && lines[n - 1] === "") n--;
    const trailing = lines.length - n;
    // Trailing blank lines belong to the scalar (keep) but the next node starts after them.
    const body = lines.slice(0, n);
    if (folded && body[0] === "") bail(); // leading blank lines fold differently
    let text: string;
    if (!folded) text = body.join("\n");
    else {
      text = "";
      for (let k = 0; k < body.length; k++) {
        const l = body[k]!;
        if (k > 0) text += l === "" || body[k - 1] === "" ? (l === "" ? "\n" : "") : " ";
        text += l;
      }
    }
    if (chomp === "clip") text += "\n";
    else if (chomp === "keep") text += "\n" + "\n".repeat(trailing);
    if (HIDDEN.test(text) || LONE_SURROGATE.test(text)) bail();
    this.rewindToLineStart();
    return { value: text, pos: start };
  }

  /** A flow collection on one line. */
  private flowNode(depth: number): { value: unknown; pos: PosNode } {
    if (depth > MAX_DEPTH) bail();
    const s = this.s;
    const start = this.i;
    const map = s[this.i] === "{";
    const close = map ? "}" : "]";
    this.i++;
    this.flowSpace();
    const obj: Record<string, unknown> = {};
    const arr: unknown[] = [];
    const pairs = new Map<string, PosPair>();
    const items: PosNode[] = [];
    if (s[this.i] === close) { this.i++; return { value: map ? obj : arr, pos: map ? { start, pairs } : { start, items } }; }
    for (;;) {
      if (map) {
        const keyStart = this.i;
        const c = s[this.i];
        let key: string;
        if (c === '"' || c === "'") key = this.quoted();
        else {
          let j = this.i;
          while (j < s.length && !":,[]{}\n#".includes(s[j]!)) j++;
          key = s.slice(this.i, j);
          plainKey(key);
          this.i = keyStart + key.length;
        }
        if (s[this.i] !== ":" || s[this.i + 1] !== " ") bail();
        if (key === "__proto__" || key === "<<" || pairs.has(key) || HIDDEN.test(key) || LONE_SURROGATE.test(key)) bail();
        this.i++;
        this.flowSpace();
        const r = this.flowValue(depth);
        obj[key] = r.value;
        pairs.set(key, { keyStart, valueStart: posStart(r.pos), value: r.pos });
      } else {
        const r = this.flowValue(depth);
        if (s[this.i] === ":") bail(); // a single-pair mapping inside a sequence
        arr.push(r.value);
        items.push(r.pos);
      }
      this.flowSpace();
      const c = s[this.i];
      if (c === close) { this.i++; break; }
      if (c !== ",") bail();
      this.i++;
      this.flowSpace();
      if (s[this.i] === close || s[this.i] === ",") bail(); // trailing or doubled comma
    }
    return { value: map ? obj : arr, pos: map ? { start, pairs } : { start, items } };
  }

  private flowSpace(): void {
    while (this.s.charCodeAt(this.i) === 32) this.i++;
    if (this.s.charCodeAt(this.i) === 10 || this.s.charCodeAt(this.i) === 35) bail(); // a multi-line flow or a comment in it
  }

  private flowValue(depth: number): { value: unknown; pos: PosNode } {
    const s = this.s;
    const c = s[this.i]!;
    if (c === "[" || c === "{") return this.flowNode(depth + 1);
    const start = this.i;
    if (c === '"' || c === "'") {
      const v = this.quoted();
      return { value: v, pos: start };
    }
    if ("-?:,[]{}#&*!|>%@`".includes(c) && !(c === "-" && s[this.i + 1] !== " " && s[this.i + 1] !== ",")) bail();
    let j = this.i;
    for (; j < s.length; j++) {
      const d = s[j]!;
      if (d === "," || d === "]" || d === "}" || d === "[" || d === "{" || d === "\n") break;
      if (d === ":" && (s[j + 1] === " " || s[j + 1] === "," || s[j + 1] === "]" || s[j + 1] === "}")) break;
      if (d === "#" && s[j - 1] === " ") bail();
    }
    if (s[j] === "[" || s[j] === "{" || s[j] === "\n") bail();
    const raw = s.slice(this.i, j).replace(/ +$/, "");
    if (raw === "") bail();
    this.i = start + raw.length;
    return { value: resolvePlain(raw), pos: start };
  }
}

function hex(s: string, at: number, n: number): string {
  const h = s.slice(at, at + n);
  if (h.length !== n || !/^[0-9a-fA-F]+$/.test(h)) bail();
  return String.fromCodePoint(parseInt(h, 16));
}

/** The core schema's reading of a plain scalar, for the values the fast path takes. */
function resolvePlain(raw: string): unknown {
  switch (raw) {
    case "": case "~": case "null": case "Null": case "NULL": return null;
    case "true": case "True": case "TRUE": return true;
    case "false": case "False": case "FALSE": return false;
  }
  if (INT.test(raw)) return BigInt(raw);
  if (FLOAT.test(raw) || raw === "__proto__") bail(); // HC144, HC133: the yaml library path reports them
  return raw;
}

/** A plain key the fast path takes: key-like characters, and read as a string (not null or a bool). */
function plainKey(key: string): void {
  if (!KEY_SAFE.test(key) || typeof resolvePlain(key) !== "string") bail();
}

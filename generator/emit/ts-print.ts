// A small typed printer for the declarations of generated TS modules (imports, exports, type aliases,
// interfaces and raw statements). It reproduces, byte for byte, what ts-morph's structure printer
// wrote for these statements (LF, two-space indentation, `{ a, b }` braces, blank-line rules), without
// loading ts-morph or the TypeScript compiler and without parsing the text back.

export interface ImportDecl { readonly kind: "import"; readonly typeOnly?: boolean; readonly names: readonly string[]; readonly from: string }
export interface ExportDecl { readonly kind: "export"; readonly names: readonly (string | { readonly name: string; readonly typeOnly: boolean })[]; readonly from: string }
export interface TypeAliasDecl { readonly kind: "type"; readonly name: string; readonly exported?: boolean; readonly type: string; readonly doc?: string | null }
export interface PropertySig { readonly name: string; readonly type: string; readonly readonly?: boolean; readonly optional?: boolean; readonly doc?: string | null }
export interface InterfaceDecl { readonly kind: "interface"; readonly name: string; readonly exported?: boolean; readonly doc?: string | null; readonly properties: readonly PropertySig[] }
/** A raw statement given as pieces (printed as their join would be). */
export interface RawPieces { readonly kind: "pieces"; readonly pieces: Iterable<string> }
/** A raw statement (printed as is, followed by a blank line). */
export type Statement = string | ImportDecl | ExportDecl | TypeAliasDecl | InterfaceDecl;

const NEWLINE = /\r?\n/;

// Each declaration is printed straight to its text (no writer state per token). Only the blank-line
// rules between statements look at what was printed before, and then only at its last characters.

/** `text` with every line after the first indented by `indent` (blank lines stay empty), as a
 * hanging indent: a type that spans lines continues one level deeper than its declaration. */
function hang(text: string, indent: string): string {
  if (!text.includes("\n")) return text;
  const lines = text.split(NEWLINE);
  for (let i = 1; i < lines.length; i++) if (lines[i] !== "") lines[i] = indent + lines[i];
  return lines.join("\n");
}

/** ts-morph's JSDoc layout at indentation `indent`: one line `/** text *\/`, else a ` * ` line per line. */
function docText(indent: string, text: string): string {
  const lines = text.split(NEWLINE);
  const start = lines[0]!.length === 0 ? 1 : 0;
  if (lines.length <= 1) {
    const body = ` ${lines[start] ?? ""}`;
    return `${indent}/**${body}${body.endsWith(" ") ? "" : " "}*/\n`;
  }
  let out = `${indent}/**\n`;
  for (let i = start; i < lines.length; i++) out += lines[i]!.length > 0 ? `${indent} * ${lines[i]}\n` : `${indent} *\n`;
  return `${out}${indent} */\n`;
}

/** A module specifier in double quotes, escaped as code-block-writer's `quote` does. */
function quote(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') out += "\\";
    else if (ch === "\r" && text[i + 1] === "\n") { out += "\\r\\n\\"; i++; }
    else if (ch === "\n") out += "\\n\\";
    else if (ch === "\\") out += "\\";
    out += text[i]!;
  }
  return `"${out}"`;
}

const isBlank = (s: string): boolean => /^\s*$/.test(s);
const exportWord = (e: boolean | undefined): string => (e ? "export " : "");
/** A `: type` or ` = type` part continued at `indent`; a type ending in a newline puts the `;` on a line of its own. */
const typed = (text: string, indent: string, lineIndent: string): string =>
  hang(text, indent) + (text.endsWith("\n") ? lineIndent : "");

function property(p: PropertySig): string {
  const type = isBlank(p.type) ? "" : typed(`: ${p.type}`, "    ", "  ");
  return `${p.doc ? docText("  ", p.doc) : ""}  ${p.readonly ? "readonly " : ""}${p.name}${p.optional ? "?" : ""}${type};`;
}

function declarationText(s: Exclude<Statement, string>): string {
  switch (s.kind) {
    case "import":
      return `${s.typeOnly ? "import type" : "import"}${s.names.length ? ` { ${s.names.join(", ")} } from ` : " "}${quote(s.from)};`;
    case "export": {
      const names = s.names.length ? ` { ${s.names.map((n) => (typeof n === "string" ? n : `${n.typeOnly ? "type " : ""}${n.name}`)).join(", ")} }` : !s.from ? " { }" : " *";
      return `export${names}${s.from ? ` from ${quote(s.from)}` : ""};`;
    }
    case "type":
      return `${s.doc ? docText("", s.doc) : ""}${exportWord(s.exported)}type ${s.name}${isBlank(s.type) ? "" : typed(` = ${s.type}`, "  ", "")};`;
    case "interface": {
      const body = s.properties.length ? `${s.properties.map(property).join("\n")}\n` : "";
      return `${s.doc ? docText("", s.doc) : ""}${exportWord(s.exported)}interface ${s.name} {\n${body}}`;
    }
  }
}

/**
 * The module text as it is yielded, with the few questions the blank-line rules ask about its end,
 * answered from what is kept of it: its last character, the number of LFs in its trailing run of
 * CR/LF, and its last non-whitespace character (the text itself is handed on, not held).
 */
class ModuleEnd {
  private pending: string[] = [];
  private lastChar = "";
  private trailingLf = 0;
  private lastNonWhitespace = "";
  add(s: string): void {
    if (s.length === 0) return;
    this.pending.push(s);
    this.lastChar = s[s.length - 1]!;
    let lf = 0, j = s.length - 1;
    for (; j >= 0 && (s[j] === "\n" || s[j] === "\r"); j--) if (s[j] === "\n") lf++;
    this.trailingLf = j < 0 ? this.trailingLf + lf : lf;
    for (; j >= 0; j--) if (!/\s/.test(s[j]!)) { this.lastNonWhitespace = s[j]!; break; }
  }
  /** What was added since the last take. */
  take(): string[] { const p = this.pending; this.pending = []; return p; }
  get empty(): boolean { return this.lastChar === ""; }
  endsWithNewLine(): boolean { return this.lastChar === "\n" || this.lastChar === "\r"; }
  endsWithLf(): boolean { return this.lastChar === "\n"; }
  endsWithBlankLine(): boolean { return this.trailingLf >= 2; }
  lastNonWhitespaceIsCloseBrace(): boolean { return this.lastNonWhitespace === "}"; }
  newLineIfLastNot(): void { if (!this.endsWithNewLine()) this.add("\n"); }
  blankLineIfLastNot(): void { if (!this.endsWithBlankLine()) { this.newLineIfLastNot(); this.add("\n"); } }
}

/**
 * One module's text: statements in order, ending with a newline. Statement text never holds a
 * `\r` (docText and the literal printers normalise or escape it); a raw statement's CRLFs would
 * become LFs here as in the writer this replaces.
 */
export function printModule(statements: Iterable<Statement | RawPieces>): string {
  return [...printPieces(statements)].join("");
}

/**
 * printModule's text as pieces, for chunkedFile: a raw statement given as pieces (a 30 MB object
 * literal at 10k calls) is handed on piece by piece, never joined. Its CRLFs become LFs piece by
 * piece (a CRLF split between two pieces stays; generated text holds none).
 */
export function* printPieces(statements: Iterable<Statement | RawPieces>): Generator<string, void, void> {
  const m = new ModuleEnd();
  const raw = (s: string) => (s.includes("\r") ? s.replace(/\r\n/g, "\n") : s);
  for (const s of statements) {
    if (m.lastNonWhitespaceIsCloseBrace()) m.blankLineIfLastNot();
    else if (!m.empty) m.newLineIfLastNot();
    if (typeof s === "string" || s.kind === "pieces") {
      if (typeof s === "string") m.add(raw(s));
      else for (const p of s.pieces) { m.add(raw(p)); yield* m.take(); }
      m.blankLineIfLastNot();
    } else {
      if (s.kind === "interface" && !m.empty) m.blankLineIfLastNot();
      m.add(declarationText(s));
    }
    yield* m.take();
  }
  m.add(m.endsWithLf() ? "" : "\n");   // a module ending in a lone CR gets its LF too
  yield* m.take();
}

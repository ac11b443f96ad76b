// A small typed printer for the declarations of generated TS modules (imports, exports, type aliases,
// interfaces and raw statements). It reproduces, byte for byte, what ts-morph's structure printer
// wrote for these statements (LF, two-space indentation, `{ a, b }` braces, blank-line rules), without
// loading ts-morph or the TypeScript compiler and without parsing the text back.

export interface ImportDecl { readonly kind: "import"; readonly typeOnly?: boolean; readonly names: readonly string[]; readonly from: string }
export interface ExportDecl { readonly kind: "export"; readonly names: readonly (string | { readonly name: string; readonly typeOnly: boolean })[]; readonly from: string }
export interface TypeAliasDecl { readonly kind: "type"; readonly name: string; readonly exported?: boolean; readonly type: string; readonly doc?: string | null }
export interface PropertySig { readonly name: string; readonly type: string; readonly readonly?: boolean; readonly optional?: boolean; readonly doc?: string | null }
export interface InterfaceDecl { readonly kind: "interface"; readonly name: string; readonly exported?: boolean; readonly doc?: string | null; readonly properties: readonly PropertySig[] }
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

/** The module text as pieces, with the few questions the blank-line rules ask about its end. */
class ModuleText {
  private readonly parts: string[] = [];
  add(s: string): void { if (s.length > 0) this.parts.push(s); }
  get empty(): boolean { return this.parts.length === 0; }
  /** The last characters, scanned backwards across pieces, until `stop` says so. */
  private scanBack(stop: (c: string) => boolean | null): boolean {
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const t = this.parts[i]!;
      for (let j = t.length - 1; j >= 0; j--) { const r = stop(t[j]!); if (r !== null) return r; }
    }
    return false;
  }
  endsWithNewLine(): boolean { return this.scanBack((c) => c === "\n" || c === "\r"); }
  endsWithBlankLine(): boolean {
    let found = 0;
    return this.scanBack((c) => (c === "\n" ? (++found === 2 ? true : null) : c === "\r" ? null : false));
  }
  lastNonWhitespaceIsCloseBrace(): boolean { return this.scanBack((c) => (c === "}" ? true : /\s/.test(c) ? null : false)); }
  newLineIfLastNot(): void { if (!this.endsWithNewLine()) this.add("\n"); }
  blankLineIfLastNot(): void { if (!this.endsWithBlankLine()) { this.newLineIfLastNot(); this.add("\n"); } }
  toString(): string { return this.parts.join(""); }
}

/**
 * One module's text: statements in order, ending with a newline. Statement text never holds a
 * `\r` (docText and the literal printers normalise or escape it); a raw statement's CRLFs would
 * become LFs here as in the writer this replaces.
 */
export function printModule(statements: readonly Statement[]): string {
  const m = new ModuleText();
  for (const s of statements) {
    if (m.lastNonWhitespaceIsCloseBrace()) m.blankLineIfLastNot();
    else if (!m.empty) m.newLineIfLastNot();
    if (typeof s === "string") {
      m.add(s.includes("\r") ? s.replace(/\r\n/g, "\n") : s);
      m.blankLineIfLastNot();
      continue;
    }
    if (s.kind === "interface" && !m.empty) m.blankLineIfLastNot();
    m.add(declarationText(s));
  }
  if (!m.empty && !m.endsWithNewLine()) m.add("\n");
  const text = m.toString();
  return text.endsWith("\n") ? text : `${text}\n`;
}

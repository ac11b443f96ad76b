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
const INDENT = "  ";

/** The subset of code-block-writer's behaviour the statements above need: indentation of lines
 * written at the start of a line, hanging indentation, and the newline/blank-line helpers. */
class Writer {
  private readonly parts: string[] = [];
  private last = "";          // the last non-empty part written
  private level = 0;
  private queued: number | null = null;
  private firstLineOfBlock = true;

  private lastChar(): string { return this.last.length ? this.last[this.last.length - 1]! : ""; }
  private push(s: string): void { this.parts.push(s); this.last = s; }
  private newLineRaw(): void {
    this.push("\n");
    this.firstLineOfBlock = false;
    if (this.queued !== null) { this.level = this.queued; this.queued = null; }
  }
  write(text: string): this {
    if (text.length === 0) return this;
    if (this.level === 0 && this.queued === null && !text.includes("\r")) {   // nothing to indent: as is
      if (text.includes("\n")) this.firstLineOfBlock = false;
      this.push(text);
      return this;
    }
    const items = text.split(NEWLINE);
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.newLineRaw();
      const s = items[i]!;
      if (s.length === 0) continue;
      if (this.level > 0 && (this.isLastNewLine() || this.parts.length === 0)) this.push(INDENT.repeat(this.level));
      this.push(s);
    }
    return this;
  }
  newLine(): this { this.newLineRaw(); return this; }
  isLastNewLine(): boolean { const c = this.lastChar(); return c === "\n" || c === "\r"; }
  newLineIfLastNot(): this { if (!this.isLastNewLine()) this.newLineRaw(); return this; }
  isLastBlankLine(): boolean {
    let found = 0;
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const t = this.parts[i]!;
      for (let j = t.length - 1; j >= 0; j--) {
        const c = t.charCodeAt(j);
        if (c === 10) { if (++found === 2) return true; }
        else if (c !== 13) return false;
      }
    }
    return false;
  }
  blankLineIfLastNot(): this { if (!this.isLastBlankLine()) { this.newLineIfLastNot(); this.newLineRaw(); } return this; }
  spaceIfLastNot(): this { if (this.lastChar() !== " ") this.write(" "); return this; }
  isAtStartOfFirstLineOfBlock(): boolean { return this.firstLineOfBlock && (this.isLastNewLine() || this.parts.length === 0); }
  lastNonWhitespaceIsCloseBrace(): boolean {
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const t = this.parts[i]!;
      for (let j = t.length - 1; j >= 0; j--) {
        const c = t[j]!;
        if (c === "}") return true;
        if (!/\s/.test(c)) return false;
      }
    }
    return false;
  }
  hanging(action: () => void): void {
    const level = this.level, queued = this.queued;
    this.queued = this.level + 1;
    try { action(); } finally { this.level = level; this.queued = queued; }
  }
  block(action: () => void): void {
    this.write("{");
    if (this.lastChar() !== "") this.newLineIfLastNot();
    this.level++;
    this.firstLineOfBlock = true;
    action();
    this.firstLineOfBlock = false;
    this.level = Math.max(0, this.level - 1);
    this.newLineIfLastNot().write("}");
  }
  toString(): string { return this.parts.join(""); }
}

/** ts-morph's JSDoc layout: one line `/** text *\/`, else a ` * ` line per line. */
function printDoc(w: Writer, text: string): void {
  const lines = text.split(NEWLINE);
  const start = lines[0]!.length === 0 ? 1 : 0;
  const single = lines.length <= 1;
  w.write("/**");
  if (single) w.write(" ").write(lines[start] ?? "");
  else {
    w.newLine();
    for (let i = start; i < lines.length; i++) {
      w.write(" *");
      if (lines[i]!.length > 0) w.write(` ${lines[i]}`);
      w.newLine();
    }
  }
  w.spaceIfLastNot();
  w.write("*/");
  w.newLine();
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
const exported = (w: Writer, e: boolean | undefined): void => { if (e) w.write("export "); };

function printStatement(w: Writer, s: Statement): void {
  if (typeof s === "string") { w.write(s).blankLineIfLastNot(); return; }
  switch (s.kind) {
    case "import":
      w.write(s.typeOnly ? "import type" : "import");
      if (s.names.length) w.write(` { ${s.names.join(", ")} }`);
      w.write(s.names.length ? " from " : " ").write(quote(s.from)).write(";");
      return;
    case "export": {
      w.write("export");
      if (s.names.length) w.write(` { ${s.names.map((n) => (typeof n === "string" ? n : `${n.typeOnly ? "type " : ""}${n.name}`)).join(", ")} }`);
      else if (!s.from) w.write(" { }");
      else w.write(" *");
      if (s.from) w.write(" from ").write(quote(s.from));
      w.write(";");
      return;
    }
    case "type":
      if (s.doc) printDoc(w, s.doc);
      exported(w, s.exported);
      w.write(`type ${s.name}`);
      if (!isBlank(s.type)) w.hanging(() => w.write(` = ${s.type}`));
      w.write(";");
      return;
    case "interface":
      if (!w.isAtStartOfFirstLineOfBlock()) w.blankLineIfLastNot();
      if (s.doc) printDoc(w, s.doc);
      exported(w, s.exported);
      w.write(`interface ${s.name} `);
      w.block(() => {
        s.properties.forEach((p, i) => {
          if (i > 0) w.newLine();
          if (p.doc) printDoc(w, p.doc);
          if (p.readonly) w.write("readonly ");
          w.write(p.name);
          if (p.optional) w.write("?");
          if (!isBlank(p.type)) w.hanging(() => w.write(`: ${p.type}`));
          w.write(";");
        });
      });
      return;
  }
}

/** One module's text: statements in order, ending with a newline. */
export function printModule(statements: readonly Statement[]): string {
  const w = new Writer();
  for (const s of statements) {
    if (w.lastNonWhitespaceIsCloseBrace()) w.blankLineIfLastNot();
    else if (!w.isAtStartOfFirstLineOfBlock()) w.newLineIfLastNot();
    printStatement(w, s);
  }
  if (!w.isAtStartOfFirstLineOfBlock() && !w.isLastNewLine()) w.newLine();
  const text = w.toString();
  return text.endsWith("\n") ? text : `${text}\n`;
}

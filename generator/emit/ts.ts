// The TypeScript emitter: per ABI a table module (ts/<id>.ts) and a guest-stub module
// (ts/<id>.stubs.ts), plus ts/index.ts. Declarations are built as ts-morph structures and printed
// once per file; data literals go through the typed printer in ts-literal.ts.
import { IndentationText, Project, type CodeBlockWriter, StructureKind, type StatementStructures } from "ts-morph";
import type { Model } from "../model.js";
import type { Emitter, GeneratedFile } from "./types.js";
import { abiNames } from "./ts-names.js";
import { stubStatements } from "./ts-stubs.js";
import { tableStatements } from "./ts-table.js";

function print(project: Project, path: string, statements: (string | StatementStructures)[]): string {
  // Raw statements (big literals printed by ts-literal.ts) get a blank line after them, as structures do.
  const spaced = statements.map((s) => (typeof s === "string" ? (w: CodeBlockWriter) => { w.write(s).blankLineIfLastNot(); } : s));
  const sf = project.createSourceFile(path, { statements: spaced }, { overwrite: true });
  const text = sf.getFullText();
  project.removeSourceFile(sf);
  return text.endsWith("\n") ? text : `${text}\n`;
}

export const tsEmitter: Emitter = {
  kind: "ts",
  emit(model: Model, options) {
    const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { useTrailingCommas: true, indentationText: IndentationText.TwoSpaces } });
    const files: GeneratedFile[] = [];
    const index: (string | StatementStructures)[] = [];
    for (const abi of model.abis) {
      const n = abiNames(abi);
      files.push({ path: `ts/${abi.id}.ts`, content: print(project, `/${abi.id}.ts`, tableStatements(abi, options.runtimeImport, n)), sources: [abi.file] });
      files.push({ path: `ts/${abi.id}.stubs.ts`, content: print(project, `/${abi.id}.stubs.ts`, stubStatements(abi, options.runtimeImport, n)), sources: [abi.file] });
      index.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: `./${abi.id}.js`,
        namedExports: [n.table, n.errors, n.magic, n.ids, { name: n.errorType, isTypeOnly: true }, { name: n.callsType, isTypeOnly: true }, { name: n.handlersType, isTypeOnly: true }] });
      index.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: `./${abi.id}.stubs.js`, namedExports: [n.stubs] });
    }
    const tables = model.abis.map((a) => abiNames(a).table);
    index.unshift(...model.abis.map((a): StatementStructures => ({ kind: StructureKind.ImportDeclaration, moduleSpecifier: `./${a.id}.js`, namedImports: [abiNames(a).table] })));
    index.push(`/** Every generated ABI table, in model order (sorted by id). */\nexport const ALL_ABIS = [${tables.join(", ")}] as const;`);
    files.push({ path: "ts/index.ts", content: print(project, "/index.ts", index), sources: model.abis.map((a) => a.file) });
    return files;
  },
};

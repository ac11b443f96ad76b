// Type-checks generated TypeScript with the compiler API under strict settings (as users compile it).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { ROOT } from "../helpers/catalog.js";

export const STRICT: ts.CompilerOptions = {
  strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext, exactOptionalPropertyTypes: true, noUnusedLocals: true,
  verbatimModuleSyntax: true, skipLibCheck: true, types: ["node"], lib: ["lib.es2022.d.ts"],
};

/** Diagnostics (formatted) of compiling every .ts file in `dir`. */
export function typeCheck(dir: string, overrides: Readonly<Record<string, string>> = {}): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f));
  const host = ts.createCompilerHost(STRICT);
  const read = host.readFile.bind(host);
  host.readFile = (f) => overrides[f] ?? read(f);
  const program = ts.createProgram(files, STRICT, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName.replace(ROOT, "")}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : "";
    return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
  });
}

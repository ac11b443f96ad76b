// The TypeScript emitter: per ABI a table module (ts/<id>.ts), its dispatcher (ts/<id>.dispatch.ts,
// plain string building in ts-dispatch.ts) and a guest-stub module (ts/<id>.stubs.ts), plus ts/index.ts.
// Declarations are built as typed statements and printed once per file by ts-print.ts; data literals go
// through the typed printer in ts-literal.ts.
import type { Abi, Model } from "../model.js";
import { chunkedFile } from "./chunked.js";
import { emitterFromParts } from "./parts.js";
import type { Emitter, GeneratedFile } from "./types.js";
import { dispatchPieces } from "./ts-dispatch.js";
import { abiNames } from "./ts-names.js";
import { printModule, printPieces, type Statement } from "./ts-print.js";
import { stubStatements } from "./ts-stubs.js";
import { tableStatements } from "./ts-table.js";

export const tsEmitter: Emitter = emitterFromParts("ts", {
  abi(abi: Abi, options): GeneratedFile[] {
    const n = abiNames(abi);
    // Each module is built when the pipeline writes it (emit/chunked.ts), not all three up front: at
    // 10k calls they are 110 MB of text, and only one of them (and what it is built from) is held at a time.
    return [
      chunkedFile(`ts/${abi.id}.ts`, [abi.file], () => printPieces(tableStatements(abi, options.runtimeImport, n))),
      chunkedFile(`ts/${abi.id}.dispatch.ts`, [abi.file], () => dispatchPieces(abi, options.runtimeImport, n)),
      chunkedFile(`ts/${abi.id}.stubs.ts`, [abi.file], () => printPieces(stubStatements(abi, options.runtimeImport, n))),
    ];
  },
  shared(model: Model): GeneratedFile[] {
    const index: Statement[] = [];
    for (const abi of model.abis) {
      const n = abiNames(abi);
      index.push({ kind: "export", from: `./${abi.id}.js`,
        names: [n.table, n.errors, n.magic, n.ids, { name: n.errorType, typeOnly: true }, { name: n.callsType, typeOnly: true }, { name: n.handlersType, typeOnly: true }] });
      index.push({ kind: "export", from: `./${abi.id}.stubs.js`, names: [n.stubs] });
    }
    const tables = model.abis.map((a) => abiNames(a).table);
    index.unshift(...model.abis.map((a): Statement => ({ kind: "import", from: `./${a.id}.js`, names: [abiNames(a).table] })));
    index.push(`/** Every generated ABI table, in model order (sorted by id). */\nexport const ALL_ABIS = [${tables.join(", ")}] as const;`);
    return [{ path: "ts/index.ts", content: printModule(index), sources: model.abis.map((a) => a.file) }];
  },
});

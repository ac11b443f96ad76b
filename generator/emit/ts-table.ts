// ts/<abi>.ts: typed constants (errors, magic, call ids), one Args/Results interface per call, the
// call map type and the dispatch table (`AbiTable<Calls, ErrorName>`), whose annotation makes a
// table that disagrees with the interfaces a compile error.
import type { Abi, ArchAbi, Arg, Call } from "../model.js";
import { archLit, outcomeLit, sourceMasks } from "./ts-arch.js";
import { decodeArgs, encodeResults } from "./ts-codec.js";
import { code, printLit, type Lit } from "./ts-literal.js";
import { abiNames, type AbiNames } from "./ts-names.js";
import type { InterfaceDecl, RawPieces, Statement } from "./ts-print.js";
import { docText, exportConst, jsdoc, key, litKey, mergedArgs, mergedResults, str, type MergedValue } from "./ts-values.js";

const docs = (...texts: (string | null | undefined)[]): string | null => {
  const t = texts.filter((x): x is string => !!x && x.trim() !== "").map(docText).join("\n\n");
  return t || null;
};

function valuesInterface(name: string, values: readonly MergedValue[], doc: string): InterfaceDecl {
  return {
    kind: "interface", name, exported: true, doc: docs(doc),
    properties: values.map((v) => ({
      name: key(v.name), type: v.kind, readonly: true, optional: v.optional,
      doc: docs([`${v.types.join(" | ")}`, ...v.docs].join(": ")),
    })),
  };
}

/** Error values read best as the sources write them: decimal. */
const decimal = (v: bigint): Lit => code(`${v}n`);

const valueDoc = (a: Arg): Lit => ({ name: a.name, type: a.type, dir: a.dir, doc: a.doc });

function lifecycle(call: Call): { since: string | null; deprecated: string | null; removed: string | null } {
  const l = call.lifecycle;
  const dep = l.deprecated ? [l.deprecated.since ? `since ${l.deprecated.since}` : "", l.deprecated.reason, l.deprecated.replacement ? `use ${l.deprecated.replacement}` : ""].filter(Boolean).join(": ") : null;
  const rem = l.removed ? [l.removed.since ? `since ${l.removed.since}` : "", l.removed.reason].filter(Boolean).join(": ") : null;
  return { since: l.since, deprecated: dep, removed: rem };
}

function callLit(abi: Abi, archOf: ReadonlyMap<string, ArchAbi>, call: Call, args: readonly MergedValue[], results: readonly MergedValue[]): Lit {
  const arches: Record<string, Lit> = {};
  for (const ca of call.arches) {
    const arch = archOf.get(ca.arch)!;
    const ci = arch.conventions.findIndex((c) => c.name === ca.convention);
    const conv = arch.conventions[ci]!;
    arches[ca.arch] = {
      convention: ca.convention, conventionIndex: ci, trap: ca.trap,
      id: { ...ca.id }, selector: { ...ca.selector },
      keys: conv.select.map((s) => (ca.selector[s.source] ?? 0n) & sourceMasks(s).fieldMask),
      args: ca.args.map((a) => {
        const regs = ca.argRegs[a.name] ?? [];
        const bits = regs.length ? null : conv.select.flatMap((s) => s.parts).find((p) => p.kind === "arg" && p.arg === a.name) ?? null;
        return { name: a.name, type: a.type, registers: [...regs], bits: bits ? { hi: bits.hi, lo: bits.lo } : null };
      }),
      results: ca.resultValues.filter((a) => ca.resultRegs[a.name]).map((a) => {
        const rr = ca.resultRegs[a.name]!;
        return { name: a.name, type: a.type, registers: [rr.register], bits: rr.bits ? { hi: rr.bits.hi, lo: rr.bits.lo } : null };
      }),
      decode: code(decodeArgs(arch, conv, ca, args)),
      encode: code(encodeResults(arch, conv, ca, results)),
    };
  }
  return {
    name: call.name, group: call.group, doc: call.doc, ...lifecycle(call),
    errors: [...call.errors], gates: [...call.gates], callers: [...call.callers],
    args: call.args.map(valueDoc), results: call.results.map(valueDoc), arches,
  };
}

/** Identity values per call; per arch only when overrides make them differ. */
function idsLit(call: Call): Lit {
  const first = call.arches[0];
  if (!first) return {};
  // The same fields in the same order with the same values (what comparing their JSON texts decided).
  const firstEntries = Object.entries(first.id);
  const same = call.arches.every((a) => {
    if (a === first) return true;
    const e = Object.entries(a.id);
    return e.length === firstEntries.length && e.every(([k, v], i) => k === firstEntries[i]![0] && String(v) === String(firstEntries[i]![1]));
  });
  if (same) return { ...first.id };
  return Object.fromEntries(call.arches.map((a) => [a.arch, { ...a.id }]));
}

/**
 * The module's statements, made as they are printed (printPieces); the table's literal is a raw
 * statement in pieces, one per call: at 10k calls it is most of a 37 MB module.
 */
export function* tableStatements(abi: Abi, runtimeImport: string, n: AbiNames = abiNames(abi)): Generator<Statement | RawPieces, void, void> {
  const merged = new Map(abi.calls.map((c) => [c.name, { args: mergedArgs(c), results: mergedResults(c) }]));
  const errorUnion = abi.errors.codes.length ? abi.errors.codes.map((c) => str(c.name)).join(" | ") : "never";
  yield { kind: "import", from: runtimeImport, typeOnly: true, names: ["AbiTable", "Handler"] };
  yield { kind: "import", from: `./${abi.id}.dispatch.js`, names: [n.dispatch] };
  yield { kind: "type", name: n.errorType, exported: true, type: errorUnion, doc: docs(`Error names of ${abi.title} (${abi.id} ${abi.version}).`) };
  yield exportConst(`Error codes as the source defines them (${abi.errors.sign === "negated" ? "the register holds the negation" : "the register holds the value"}).`,
    n.errors, null, `${printLit(Object.fromEntries(abi.errors.codes.map((c) => [c.name, decimal(c.value)])))} as const satisfies Readonly<Record<${n.errorType}, bigint>>`);
  yield exportConst("Magic values of the spec.", n.magic, null, `${printLit(Object.fromEntries(abi.magic.map((m) => [m.name, m.value])))} as const`);
  yield exportConst("Identity field values of every call (per arch where overrides differ).", n.ids, null,
    `${printLit(Object.fromEntries(abi.calls.map((c) => [c.name, idsLit(c)])))} as const`);
  for (const c of abi.calls) {
    const t = n.call.get(c.name)!, m = merged.get(c.name)!;
    yield valuesInterface(t.args, m.args, `Arguments of ${c.name}. ${c.doc}`);
    yield valuesInterface(t.results, m.results, `Results of ${c.name} (besides the status).`);
  }
  const callMap = abi.calls.map((c) => `  readonly ${key(c.name)}: { readonly args: ${n.call.get(c.name)!.args}; readonly results: ${n.call.get(c.name)!.results} };`);
  // A type alias, not an interface: AbiTable's CallMap constraint needs an implicit index signature.
  yield `${jsdoc("Every call's argument and result types, by call name.")}export type ${n.callsType} = ${callMap.length ? `{\n${callMap.join("\n")}\n}` : "{}"};`;
  yield {
    kind: "type", name: n.handlersType, exported: true, doc: docs("The handler type of every call."),
    type: `{ readonly [K in keyof ${n.callsType}]: Handler<${n.callsType}[K]["args"], ${n.callsType}[K]["results"], ${n.errorType}> }`,
  };
  const facts: { [k: string]: Lit } = {
    id: abi.id, title: abi.title, version: abi.version,
    fields: abi.fields.map((f) => ({ name: f.name, width: f.width })),
    errors: {
      sign: abi.errors.sign, success: abi.errors.success,
      roles: { ...abi.errors.roles },
      codes: abi.errors.codes.map((c) => ({ name: c.name, value: decimal(c.value), register: c.register, doc: c.doc })),
    },
    ranges: abi.ranges.map((r) => ({ name: r.name, field: r.field, from: r.from, to: r.to, use: r.use })),
    privilege: { allowed: [...abi.privilege.allowed], otherwise: outcomeLit(abi.privilege.otherwise) },
    callers: [...abi.callers],
    arches: Object.fromEntries(abi.arches.map((a) => [a.arch, archLit(abi, a)])),
  };
  const archOf = new Map<string, ArchAbi>();
  for (const a of abi.arches) if (!archOf.has(a.arch)) archOf.set(a.arch, a); // the first of a name, as find
  const callOf = (c: Call): Lit => callLit(abi, archOf, c, merged.get(c.name)!.args, merged.get(c.name)!.results);
  yield { kind: "pieces", pieces: exportConstPieces(`${abi.title}: the dispatch table (${abi.file}).\n\n${abi.description}`, n.table, `AbiTable<${n.callsType}, ${n.errorType}>`, tablePieces(abi, facts, callOf)) };
  // Not enumerable: the dispatcher was generated from this table's facts, so a copy of the table (spread
  // and perhaps edited) does not carry it and runs through the runtime's general path instead.
  yield `/** The generated dispatcher belongs to this object only (copies of the table use the runtime's general path). */\nObject.defineProperty(${n.table}, "dispatch", { value: ${n.dispatch}, enumerable: false });`;
}

/** exportConst's text with the initialiser given as pieces. */
function* exportConstPieces(doc: string, name: string, type: string, init: Iterable<string>): Generator<string, void, void> {
  yield `${jsdoc(doc)}export const ${name}: ${type} = `;
  yield* init;
  yield ";";
}

/**
 * printLit({ ...facts, calls: { <name>: callLit, ... } }) as pieces, a call's literal made and printed
 * at a time. With calls, both objects are printed one entry per line, as printLit would: a call's
 * literal never fits on a line (its 12 keys alone take 119 of the 100 characters), so neither does
 * an object holding one. Without calls, the table is small and printLit prints it whole.
 */
function* tablePieces(abi: Abi, facts: { readonly [k: string]: Lit }, callOf: (c: Call) => Lit): Generator<string, void, void> {
  if (abi.calls.length === 0) { yield printLit({ ...facts, calls: {} }); return; }
  yield "{\n";
  for (const k of Object.keys(facts)) yield `  ${litKey(k)}: ${printLit(facts[k]!, "  ")},\n`;
  yield "  calls: {\n";
  for (const c of abi.calls) yield `    ${litKey(c.name)}: ${printLit(callOf(c), "    ")},\n`;
  yield "  },\n}";
}

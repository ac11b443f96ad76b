// ts/<abi>.ts: typed constants (errors, magic, call ids), one Args/Results interface per call, the
// call map type and the dispatch table (`AbiTable<Calls, ErrorName>`), whose annotation makes a
// table that disagrees with the interfaces a compile error.
import type { Abi, Arg, Call } from "../model.js";
import { archLit, outcomeLit, sourceMasks } from "./ts-arch.js";
import { decodeArgs, encodeResults } from "./ts-codec.js";
import { code, printLit, type Lit } from "./ts-literal.js";
import { abiNames, type AbiNames } from "./ts-names.js";
import type { InterfaceDecl, Statement } from "./ts-print.js";
import { docText, exportConst, jsdoc, key, mergedArgs, mergedResults, str, type MergedValue } from "./ts-values.js";

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

function callLit(abi: Abi, call: Call, args: readonly MergedValue[], results: readonly MergedValue[]): Lit {
  const arches: Record<string, Lit> = {};
  for (const ca of call.arches) {
    const arch = abi.arches.find((a) => a.arch === ca.arch)!;
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
  const same = call.arches.every((a) => JSON.stringify(Object.entries(a.id).map(([k, v]) => [k, String(v)])) === JSON.stringify(Object.entries(first.id).map(([k, v]) => [k, String(v)])));
  if (same) return { ...first.id };
  return Object.fromEntries(call.arches.map((a) => [a.arch, { ...a.id }]));
}

export function tableStatements(abi: Abi, runtimeImport: string, n: AbiNames = abiNames(abi)): Statement[] {
  const merged = new Map(abi.calls.map((c) => [c.name, { args: mergedArgs(c), results: mergedResults(c) }]));
  const errorUnion = abi.errors.codes.length ? abi.errors.codes.map((c) => str(c.name)).join(" | ") : "never";
  const out: Statement[] = [
    { kind: "import", from: runtimeImport, typeOnly: true, names: ["AbiTable", "Handler"] },
    { kind: "import", from: `./${abi.id}.dispatch.js`, names: [n.dispatch] },
    { kind: "type", name: n.errorType, exported: true, type: errorUnion, doc: docs(`Error names of ${abi.title} (${abi.id} ${abi.version}).`) },
    exportConst(`Error codes as the source defines them (${abi.errors.sign === "negated" ? "the register holds the negation" : "the register holds the value"}).`,
      n.errors, null, `${printLit(Object.fromEntries(abi.errors.codes.map((c) => [c.name, decimal(c.value)])))} as const satisfies Readonly<Record<${n.errorType}, bigint>>`),
    exportConst("Magic values of the spec.", n.magic, null, `${printLit(Object.fromEntries(abi.magic.map((m) => [m.name, m.value])))} as const`),
    exportConst("Identity field values of every call (per arch where overrides differ).", n.ids, null,
      `${printLit(Object.fromEntries(abi.calls.map((c) => [c.name, idsLit(c)])))} as const`),
  ];
  for (const c of abi.calls) {
    const t = n.call.get(c.name)!, m = merged.get(c.name)!;
    out.push(valuesInterface(t.args, m.args, `Arguments of ${c.name}. ${c.doc}`));
    out.push(valuesInterface(t.results, m.results, `Results of ${c.name} (besides the status).`));
  }
  const callMap = abi.calls.map((c) => `  readonly ${key(c.name)}: { readonly args: ${n.call.get(c.name)!.args}; readonly results: ${n.call.get(c.name)!.results} };`);
  // A type alias, not an interface: AbiTable's CallMap constraint needs an implicit index signature.
  out.push(`${jsdoc("Every call's argument and result types, by call name.")}export type ${n.callsType} = ${callMap.length ? `{\n${callMap.join("\n")}\n}` : "{}"};`);
  out.push({
    kind: "type", name: n.handlersType, exported: true, doc: docs("The handler type of every call."),
    type: `{ readonly [K in keyof ${n.callsType}]: Handler<${n.callsType}[K]["args"], ${n.callsType}[K]["results"], ${n.errorType}> }`,
  });
  const table: Lit = {
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
    calls: Object.fromEntries(abi.calls.map((c) => [c.name, callLit(abi, c, merged.get(c.name)!.args, merged.get(c.name)!.results)])),
  };
  out.push(exportConst(`${abi.title}: the dispatch table (${abi.file}).\n\n${abi.description}`, n.table, `AbiTable<${n.callsType}, ${n.errorType}>`, printLit(table)));
  // Not enumerable: the dispatcher was generated from this table's facts, so a copy of the table (spread
  // and perhaps edited) does not carry it and runs through the runtime's general path instead.
  out.push(`/** The generated dispatcher belongs to this object only (copies of the table use the runtime's general path). */\nObject.defineProperty(${n.table}, "dispatch", { value: ${n.dispatch}, enumerable: false });`);
  return out;
}

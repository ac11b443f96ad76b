// `hcgen conform` plan files: YAML that says which ABI to test on which machine, which calls to make
// with which arguments, and what each must return. A plan is untrusted input: nothing in it becomes
// C or a command line as written. Names must be names the spec defines (they become the generated
// header's macros), numbers are integers, labels and text are a narrow printable-ASCII set that the
// C emitter then escapes again. Every problem is a Diagnostic at the plan's line and column.
import type { Diagnostic } from "../diagnostics.js";
import { diagAt, parseSpecText, type LoadedSpec, type PathKey } from "../load.js";
import type { Abi, Model } from "../model.js";
import type { ConformancePlan, PlanCheck, PlanStep, PlanValue } from "../emit/conformance.js";
import { closest } from "../suggest.js";
import { MACHINES, type Machine } from "./machines.js";

export const PLAN_VERSION = 1n;
const U64_MAX = (1n << 64n) - 1n;
const OPS = ["eq", "ne", "ge", "le"] as const;
/** CHECK labels are printed on the console and parsed back: one word, no spaces or quotes. */
const LABEL = /^[A-Za-z0-9_.:+=<>-]{1,64}$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const TEXT = /^[\x20-\x7e]{1,120}$/;

const TOP: Readonly<Record<string, string>> = {
  "hcgen-conform": "plan format version, 1",
  spec: "spec file(s) relative to the plan (default: hcgen's catalog)",
  abi: "the ABI id to test",
  machine: `the QEMU machine: ${Object.keys(MACHINES).join(", ")}`,
  title: "a line the guest prints first",
  timeout: "seconds before the run is killed (default 30; --timeout wins)",
  console: "texts the console must show",
  steps: "the calls, in order",
};
const STEP: Readonly<Record<string, string>> = {
  call: "the spec's call name", args: "one value per argument", check: "the CHECK label",
  expect: "checks that must all hold", expect_any: "checks of which one must hold",
  probe: "{ name, id }: the call with other identity values (a call the spec lacks)", final: "true: the call must not return (power-off)",
};

/** A plan as read, before it is checked against the spec. */
export interface PlanFile {
  readonly source: LoadedSpec;
  readonly spec: readonly string[] | null;   // as written (relative to the plan), null: the catalog
  readonly abi: string;
  readonly machine: Machine;
  readonly title: string | null;
  readonly timeoutSeconds: number | null;
  readonly console: readonly string[];
  readonly raw: Record<string, unknown>;
}

type Bad = (path: PathKey[], message: string, hint?: string, key?: boolean) => void;

function badder(spec: LoadedSpec, out: Diagnostic[]): Bad {
  return (path, message, hint, key = false) => out.push(diagAt(spec, path, "HC401", message, hint, { key }));
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads the plan's top level; step contents are checked with the spec (checkPlan). */
export function parsePlan(text: string, file: string): { plan: PlanFile | null; diagnostics: Diagnostic[] } {
  const loaded = parseSpecText(text, file);
  if (!loaded.spec) return { plan: null, diagnostics: loaded.diagnostics.map((d) => d.code === "HC008" && d.path === "" ? planTop(d) : d) };
  const src = loaded.spec;
  const v = src.value as Record<string, unknown>;
  const diagnostics: Diagnostic[] = [];
  const bad = badder(src, diagnostics);
  for (const k of Object.keys(v)) if (!(k in TOP)) {
    const near = closest(k, Object.keys(TOP));
    bad([k], `unknown plan key '${k}'`, near ? `did you mean '${near}'? (${TOP[near]})` : `keys: ${Object.keys(TOP).join(", ")}`, true);
  }
  if (v["hcgen-conform"] !== PLAN_VERSION) {
    if ("hcgen-conform" in v) bad(["hcgen-conform"], `unsupported plan version ${String(v["hcgen-conform"])}`, "write hcgen-conform: 1");
    else bad([], "a plan starts with 'hcgen-conform: 1'", "add the line hcgen-conform: 1 at the top");
  }
  let spec: string[] | null = null;
  if ("spec" in v) {
    const list = typeof v.spec === "string" ? [v.spec] : v.spec;
    if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === "string" && s !== "")) bad(["spec"], "'spec' must be a path or a non-empty list of paths", "e.g. spec: spec/my-abi.yaml (relative to the plan)");
    else {
      spec = list as string[];
      spec.forEach((p, i) => {
        const at: PathKey[] = typeof v.spec === "string" ? ["spec"] : ["spec", i];
        if (p.startsWith("/") || /^[A-Za-z]:/.test(p) || p.split(/[\\/]/).includes("..")) bad(at, `spec path '${TEXT.test(p) ? p : "?"}' leaves the plan's directory`, "spec paths are relative to the plan file and stay below its directory");
      });
    }
  }
  const word = (k: string, re: RegExp, what: string): string | null => {
    if (!(k in v)) return null;
    if (typeof v[k] === "string" && re.test(v[k] as string)) return v[k] as string;
    bad([k], `'${k}' must be ${what}`);
    return null;
  };
  const abi = word("abi", /^[a-z0-9][a-z0-9-]{0,63}$/, "an ABI id (lower case, digits, '-')");
  if (!("abi" in v)) bad([], "the plan names no 'abi'", "add abi: <the spec's id>");
  const machineName = word("machine", /^[a-z0-9-]{1,32}$/, `one of ${Object.keys(MACHINES).join(", ")}`);
  if (!("machine" in v)) bad([], "the plan names no 'machine'", `add machine: ${Object.keys(MACHINES)[0]}`);
  const machine = machineName ? MACHINES[machineName] ?? null : null;
  if (machineName && !machine) bad(["machine"], `unknown machine '${machineName}'`, `machines: ${Object.keys(MACHINES).join(", ")}`);
  const title = word("title", TEXT, "printable ASCII text of at most 120 characters");
  let timeoutSeconds: number | null = null;
  if ("timeout" in v) {
    if (typeof v.timeout === "bigint" && v.timeout >= 1n && v.timeout <= 3600n) timeoutSeconds = Number(v.timeout);
    else bad(["timeout"], "'timeout' must be a whole number of seconds from 1 to 3600", "e.g. timeout: 30");
  }
  const console: string[] = [];
  if ("console" in v) {
    if (!Array.isArray(v.console)) bad(["console"], "'console' must be a list of texts", "e.g. console: [\"HCALL-GUEST\"]");
    else v.console.forEach((c, i) => { if (typeof c === "string" && TEXT.test(c)) console.push(c); else bad(["console", i], "a console text must be printable ASCII of 1 to 120 characters"); });
  }
  if (!Array.isArray(v.steps) || v.steps.length === 0) bad("steps" in v ? ["steps"] : [], "the plan needs a non-empty list 'steps'", "e.g. steps: [{ call: <a call of the spec> }]");
  if (diagnostics.length || !abi || !machine) return { plan: null, diagnostics };
  return { plan: { source: src, spec, abi, machine, title, timeoutSeconds, console, raw: v }, diagnostics };
}

function planTop(d: Diagnostic): Diagnostic {
  return { ...d, code: "HC401", message: "a plan must be a YAML mapping at the top level", hint: `keys: ${Object.keys(TOP).join(", ")}` };
}

/** Checks the steps against the spec and returns the plan the guest generator takes. */
export function checkPlan(p: PlanFile, model: Model): { plan: ConformancePlan | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const bad = badder(p.source, diagnostics);
  const ids = model.abis.map((a) => a.id);
  const abi = model.abis.find((a) => a.id === p.abi);
  if (!abi) {
    const near = closest(p.abi, ids);
    bad(["abi"], `the spec has no ABI '${p.abi}'`, near ? `did you mean '${near}'?` : `ABIs: ${ids.join(", ")}`);
    return { plan: null, diagnostics };
  }
  const arch = p.machine.arch;
  if (!abi.arches.some((a) => a.arch === arch)) {
    bad(["machine"], `${abi.id} has no ${arch} arch, which machine ${p.machine.name} needs`, `${abi.id} arches: ${abi.arches.map((a) => a.arch).join(", ")}`);
    return { plan: null, diagnostics };
  }
  const steps: PlanStep[] = [];
  const labels = new Map<string, number>();
  const probes = new Map<string, number>();
  const raw = p.raw.steps as unknown[];
  raw.forEach((s, i) => {
    const step = checkStep(s, ["steps", i], abi, arch, bad, i === raw.length - 1);
    if (!step) return;
    const label = step.expect || step.expectAny ? step.check ?? step.probe?.name ?? step.call : null;
    if (label !== null) {
      if (labels.has(label)) bad(["steps", i, ...(step.check ? ["check"] : [])], `two checks named '${label}' (also steps[${labels.get(label)}])`, "give one of them its own check: label");
      labels.set(label, i);
    }
    if (step.probe) {
      const first = probes.get(step.probe.name);
      if (first !== undefined) bad(["steps", i, "probe", "name"], `two probes named '${step.probe.name}' (also steps[${first}])`, "each probe becomes one generated stub; give this one its own name");
      probes.set(step.probe.name, i);
    }
    steps.push(step);
  });
  if (diagnostics.length) return { plan: null, diagnostics };
  return { plan: { abi: abi.id, arch, title: p.title ?? `${abi.id} conformance on ${p.machine.name}`, steps }, diagnostics };
}

function checkStep(s: unknown, at: PathKey[], abi: Abi, arch: string, bad: Bad, last: boolean): PlanStep | null {
  const before = { n: 0 };
  const b: Bad = (...a) => { before.n++; bad(...a); };
  if (!isObj(s)) { b(at, "a step must be a mapping", "e.g. - call: <a call of the spec>"); return null; }
  for (const k of Object.keys(s)) if (!(k in STEP)) {
    const near = closest(k, Object.keys(STEP));
    b([...at, k], `unknown step key '${k}'`, near ? `did you mean '${near}'? (${STEP[near]})` : `keys: ${Object.keys(STEP).join(", ")}`, true);
  }
  if (typeof s.call !== "string") { b("call" in s ? [...at, "call"] : at, "a step needs 'call': a call name of the spec"); return null; }
  const call = abi.calls.find((c) => c.name === s.call);
  if (!call) {
    const near = closest(s.call, abi.calls.map((c) => c.name));
    b([...at, "call"], `${abi.id} has no call '${TEXT.test(s.call) ? s.call : "?"}'`, near ? `did you mean '${near}'?` : "`hcgen model` lists the calls");
    return null;
  }
  const ca = call.arches.find((a) => a.arch === arch);
  if (!ca) { b([...at, "call"], `call '${call.name}' has no ${arch} variant`, `it exists on: ${call.arches.map((a) => a.arch).join(", ")}`); return null; }
  const conv = abi.arches.find((a) => a.arch === arch)!.conventions.find((c) => c.name === ca.convention)!;
  const value = (v: unknown, vat: PathKey[]): PlanValue | null => planValue(v, vat, abi, arch, b);
  let probe: PlanStep["probe"];
  if ("probe" in s) {
    const pr = s.probe;
    if (!isObj(pr) || typeof pr.name !== "string" || !IDENT.test(pr.name) || !isObj(pr.id)) {
      b([...at, "probe"], "'probe' must be { name: <C identifier>, id: { <identity field>: <integer>, ... } }", "e.g. probe: { name: unknown_fid, id: { fid: 0x7fff } }");
    } else if (abi.calls.some((c) => c.name === pr.name)) {
      b([...at, "probe", "name"], `probe name '${pr.name}' is a call of ${abi.id}`, "a probe stands for a call the spec lacks; pick another name");
    } else {
      const id: Record<string, bigint> = {};
      for (const [f, n] of Object.entries(pr.id)) {
        const field = abi.fields.find((x) => x.name === f);
        if (!field) b([...at, "probe", "id", f], `${abi.id} has no identity field '${TEXT.test(f) ? f : "?"}'`, `identity fields: ${abi.fields.map((x) => x.name).join(", ")}`, true);
        else if (typeof n !== "bigint" || n < 0n || n >> BigInt(field.width) !== 0n) b([...at, "probe", "id", f], `'${f}' must be an integer of at most ${field.width} bits`);
        else id[f] = n;
      }
      probe = { name: pr.name, id };
    }
  }
  const args: PlanValue[] = [];
  const given = "args" in s ? s.args : [];
  if (!Array.isArray(given)) b([...at, "args"], "'args' must be a list", "e.g. args: [0, 0x1000]");
  else {
    if (given.length !== ca.args.length) b("args" in s ? [...at, "args"] : at, `${call.name} takes ${ca.args.length} argument(s) (${ca.args.map((a) => a.name).join(", ") || "none"}), the step gives ${given.length}`);
    given.forEach((g, j) => { const x = value(g, [...at, "args", j]); if (x !== null) args.push(x); });
  }
  const fields = [...new Set([...conv.results.map((r) => r.name), ...Object.keys(ca.resultRegs)])];
  const checks = (k: "expect" | "expect_any"): PlanCheck[] | undefined => {
    if (!(k in s)) return undefined;
    const list = s[k];
    if (!Array.isArray(list) || list.length === 0) { b([...at, k], `'${k}' must be a non-empty list of checks`, "e.g. - { field: status, eq: { error: MY_OK } }"); return undefined; }
    const out: PlanCheck[] = [];
    list.forEach((c, j) => { const x = planCheck(c, [...at, k, j], fields, value, b); if (x) out.push(x); });
    return out;
  };
  const expect = checks("expect");
  const expectAny = checks("expect_any");
  if ((expect || expectAny) && conv.results.length === 0) b([...at, expect ? "expect" : "expect_any"], `${call.name} returns nothing to check (convention ${conv.name} has no result registers)`);
  let check: string | undefined;
  if ("check" in s) {
    if (typeof s.check === "string" && LABEL.test(s.check)) check = s.check;
    else b([...at, "check"], "'check' must be one word of letters, digits and _ . : + = < > - (at most 64)", "e.g. check: version>=1.0");
  }
  let final = false;
  if ("final" in s) {
    if (typeof s.final !== "boolean") b([...at, "final"], "'final' must be true or false");
    else final = s.final;
    if (final && (expect || expectAny || check)) b([...at, "final"], "a final step cannot have checks: it must not return", "move the checks to an earlier step");
    if (final && !last) b([...at, "final"], "only the last step can be final", "move the power-off call to the end");
  }
  if (before.n) return null;
  return { call: call.name, args, ...(probe ? { probe } : {}), ...(check ? { check } : {}), ...(expect ? { expect } : {}), ...(expectAny ? { expectAny } : {}), ...(final ? { final } : {}) };
}

function planValue(v: unknown, at: PathKey[], abi: Abi, arch: string, bad: Bad): PlanValue | null {
  if (typeof v === "bigint") {
    if (v >= 0n && v <= U64_MAX) return v;
    bad(at, `${v} is outside 0 .. 2^64-1`, v < 0n ? "write the register's two's complement, e.g. 0xffffffffffffffff for -1" : undefined);
    return null;
  }
  const kinds = ["id", "error", "magic"] as const;
  if (isObj(v) && Object.keys(v).length === 1 && kinds.includes(Object.keys(v)[0] as never) && typeof Object.values(v)[0] === "string") {
    const [kind, name] = Object.entries(v)[0] as [typeof kinds[number], string];
    const names = kind === "id" ? abi.calls.filter((c) => c.arches.some((a) => a.arch === arch)).map((c) => c.name)
      : kind === "error" ? abi.errors.codes.map((e) => e.name) : abi.magic.map((m) => m.name);
    if (names.includes(name)) return kind === "id" ? { id: name } : kind === "error" ? { error: name } : { magic: name };
    const near = closest(name, names);
    bad([...at, kind], `${abi.id} has no ${kind === "id" ? "call" : kind} '${TEXT.test(name) ? name : "?"}'${kind === "id" ? ` on ${arch}` : ""}`, near ? `did you mean '${near}'?` : names.length ? `known: ${names.slice(0, 8).join(", ")}${names.length > 8 ? ", ..." : ""}` : `${abi.id} defines none`);
    return null;
  }
  bad(at, "a value must be an integer, { id: CALL }, { error: NAME } or { magic: NAME }", "plans carry no C expressions; names come from the spec");
  return null;
}

function planCheck(c: unknown, at: PathKey[], fields: readonly string[], value: (v: unknown, at: PathKey[]) => PlanValue | null, bad: Bad): PlanCheck | null {
  if (!isObj(c)) { bad(at, "a check must be a mapping", "e.g. { field: status, eq: 0 }"); return null; }
  const ops = OPS.filter((o) => o in c);
  for (const k of Object.keys(c)) if (!["field", "low32", ...OPS].includes(k)) bad([...at, k], `unknown check key '${k}'`, `keys: field, ${OPS.join(", ")}, low32`, true);
  if (typeof c.field !== "string" || !fields.includes(c.field)) {
    bad("field" in c ? [...at, "field"] : at, typeof c.field === "string" ? `no result '${TEXT.test(c.field) ? c.field : "?"}' to check` : "a check needs 'field': the result to compare", `results: ${fields.join(", ")}`);
    return null;
  }
  if (ops.length !== 1) { bad(at, `a check needs exactly one of ${OPS.join(", ")}`, "e.g. { field: value, ge: 0x3 }"); return null; }
  if ("low32" in c && typeof c.low32 !== "boolean") { bad([...at, "low32"], "'low32' must be true or false"); return null; }
  const op = ops[0]!;
  const v = value(c[op], [...at, op]);
  if (v === null) return null;
  return { field: c.field, op, value: v, ...(c.low32 === true ? { low32: true } : {}) };
}

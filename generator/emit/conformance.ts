// Conformance guests: a bare-metal C program, generated from a plan (which calls to make, with which
// arguments, what to check), that calls ONLY the functions of the generated C header. test/qemu runs
// it on a real machine (QEMU + its firmware), so a new call gets tested by adding one plan step, not
// by writing C. Deliberately not in EMITTERS: it needs a plan and a platform, not just the model.
//
// Calls the spec does not define (an unknown EID, function id or opcode: "did the implementation
// answer NOT_SUPPORTED?") are made through probe stubs: a copy of a real call with other identity
// values, put in a separate "<abi>-probe" ABI and run through the same C emitter. So even the raw
// calls use the generated inline asm, never a hand-written one.
import type { Abi, ArchAbi, ArchName, Call, CallArch, Model } from "../model.js";
import { cFunction, cHeaderPath, cMacro, cPrefix, cRetStruct } from "../names.js";
import { cEmitter } from "./c.js";
import { cString, u64Literal } from "./c-text.js";
import { DEFAULT_EMIT_OPTIONS } from "./types.js";

/** A value in a plan: a literal, a C expression, or a name the spec defines (checked here). */
export type PlanValue =
  | bigint
  | { readonly c: string }        // C expression, e.g. the address of a platform buffer
  | { readonly id: string }       // a call's selector value: P_<CALL>_ID
  | { readonly error: string }    // a status value: P_<ERROR>
  | { readonly magic: string };   // P_<MAGIC>

export interface PlanCheck {
  readonly field: string;         // convention result name (status, value, ...) or the call's result name
  readonly op: "eq" | "ne" | "ge" | "le";   // unsigned compare of the register word
  readonly value: PlanValue;
  /** Compare only the low 32 bits (SMC32/HVC32 calls: only w0 is significant). */
  readonly low32?: boolean;
}

export interface PlanStep {
  readonly call: string;                 // spec call name (or, with `probe`, the call to copy)
  readonly args?: readonly PlanValue[];
  /** Make a probe stub: `call` with these identity fields replaced (a call the spec lacks). */
  readonly probe?: { readonly name: string; readonly id: Readonly<Record<string, bigint>> };
  readonly check?: string;               // CHECK name; default: the call (or probe) name
  readonly expect?: readonly PlanCheck[];      // all must hold
  readonly expectAny?: readonly PlanCheck[];   // at least one must hold (spec newer than QEMU)
  /** The call must not return (power-off): the guest reports a FAIL if it does. */
  readonly final?: boolean;
}

export interface ConformancePlan {
  readonly abi: string;
  readonly arch: ArchName;
  readonly title: string;                // printed in the guest's HCALL-GUEST line
  readonly steps: readonly PlanStep[];
}

export interface ConformanceGuest {
  /** guest.c plus the headers it includes (flat names: riscv_sbi.h, riscv_sbi_probe.h). */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  /** Every CHECK name the guest prints, in order (the runner expects each one "ok"). */
  readonly checks: readonly string[];
  /** The name of the final (power-off) call, if any. */
  readonly final: string | null;
}

/** Text inside a C comment: printable ASCII, no comment end or start (-Wcomment), no trigraph. */
const commentSafe = (s: string): string => s.replace(/[^\x20-\x7e]/g, "?").replace(/\*\//g, "* /").replace(/\/\*/g, "/ *").replace(/\?\?/g, "? ?");
const flat = (p: string): string => p.replace(/^c\//, "");
const hex = (v: bigint): string => `0x${v.toString(16)}`;

function findCall(abi: Abi, name: string, arch: ArchName): { call: Call; ca: CallArch } {
  const call = abi.calls.find((c) => c.name === name);
  if (!call) throw new Error(`conformance: ${abi.id} has no call '${name}'`);
  const ca = call.arches.find((a) => a.arch === arch);
  if (!ca) throw new Error(`conformance: ${abi.id} call '${name}' has no ${arch} variant`);
  return { call, ca };
}

/** A copy of `call` on one arch with other identity values; the selector is recomposed from them. */
function probeCall(abi: Abi, call: Call, ca: CallArch, name: string, id: Readonly<Record<string, bigint>>): Call {
  const arch = abi.arches.find((a) => a.arch === ca.arch)!;
  const conv = arch.conventions.find((c) => c.name === ca.convention)!;
  for (const f of Object.keys(id)) if (!abi.fields.some((x) => x.name === f)) throw new Error(`conformance: ${abi.id} has no identity field '${f}'`);
  const ids = { ...ca.id, ...id };
  const selector: Record<string, bigint> = {};
  for (const s of conv.select) {
    let v = 0n;
    for (const p of s.parts) {
      const width = BigInt(p.hi - p.lo + 1);
      const part = p.kind === "field" ? ids[p.field] ?? 0n : p.kind === "const" ? p.value : 0n;
      v |= (part & ((1n << width) - 1n)) << BigInt(p.lo);
    }
    selector[s.source] = v;
  }
  return { ...call, name, doc: `probe: ${call.name} with ${Object.entries(id).map(([k, v]) => `${k} = ${hex(v)}`).join(", ")}`, arches: [{ ...ca, id: ids, selector }] };
}

/** The probe header has its own build options: make them follow the real header's (conduit, trap). */
function followOptions(from: string, to: string, arch: ArchAbi): string[] {
  const plain = arch.traps.filter((t) => !t.conduit && !t.vendor && !t.operand);
  const opts = [
    ...(arch.traps.some((t) => t.conduit) ? ["CONDUIT_SMC", "CONDUIT_HVC"] : []),
    ...(plain.length > 1 ? plain.map((t) => `USE_TRAP_${t.name}`) : []),
  ];
  return opts.flatMap((o) => [`#if defined(${cMacro(from, o)})`, `#define ${cMacro(to, o)} 1`, `#endif`]);
}

export interface GuestOptions {
  /** End guest_main with platform_exit(failed): the platform powers off by itself (hcgen conform),
   *  so a plan needs no power-off call of the ABI under test. */
  readonly platformExit?: boolean;
  /** Where the plan came from, for the guest's header comment (plan text is escaped). */
  readonly origin?: string;
}

export function conformanceGuest(model: Model, plan: ConformancePlan, opts: GuestOptions = {}): ConformanceGuest {
  const abi = model.abis.find((a) => a.id === plan.abi);
  if (!abi) throw new Error(`conformance: no ABI '${plan.abi}' in the model`);
  const arch = abi.arches.find((a) => a.arch === plan.arch);
  if (!arch) throw new Error(`conformance: ${abi.id} has no arch ${plan.arch}`);
  const P = cPrefix(abi.id);

  // Probe ABI: same conventions and traps, only the probe calls, only this arch.
  const probes: Call[] = [];
  for (const s of plan.steps) {
    if (!s.probe) continue;
    const { call, ca } = findCall(abi, s.call, plan.arch);
    probes.push(probeCall(abi, call, ca, s.probe.name, s.probe.id));
  }
  const probeAbi: Abi | null = probes.length ? { ...abi, id: `${abi.id}-probe`, arches: [arch], calls: probes, magic: [] } : null;
  const headers = cEmitter.emit({ hcgen: 1, abis: probeAbi ? [abi, probeAbi] : [abi] }, DEFAULT_EMIT_OPTIONS)
    .map((f) => ({ path: flat(f.path), content: f.content }));
  if (!headers.some((h) => h.path === flat(cHeaderPath(abi.id)))) throw new Error(`conformance: the C emitter made no header for ${abi.id}`);

  const value = (v: PlanValue): string => {
    if (typeof v === "bigint") return u64Literal(v);
    if ("c" in v) return `(${v.c})`;
    if ("id" in v) { findCall(abi, v.id, plan.arch); return cMacro(P, v.id, "ID"); }
    if ("error" in v) {
      if (!abi.errors.codes.some((e) => e.name === v.error)) throw new Error(`conformance: ${abi.id} has no error '${v.error}'`);
      return cMacro(P, v.error);
    }
    if (!abi.magic.some((m) => m.name === v.magic)) throw new Error(`conformance: ${abi.id} has no magic '${v.magic}'`);
    return cMacro(P, v.magic);
  };

  const checks: string[] = [];
  let final: string | null = null;
  const body: string[] = [];
  for (const s of plan.steps) {
    const { call, ca } = findCall(abi, s.call, plan.arch);
    const name = s.probe?.name ?? call.name;
    const fn = s.probe ? cFunction(cPrefix(probeAbi!.id), name) : cFunction(P, call.name);
    const conv = arch.conventions.find((c) => c.name === ca.convention)!;
    const args = s.args ?? [];
    if (args.length !== ca.args.length) throw new Error(`conformance: ${name} takes ${ca.args.length} argument(s), the plan gives ${args.length}`);
    const argNames = args.map((_, i) => `a${i}`);
    const decl = ca.args.map((a, i) => `    const unsigned long a${i} = (unsigned long)${value(args[i]!)}; /* ${a.name} */`);
    const argText = argNames.length ? `${argNames.join(", ")}` : "";
    const printArgs = [`    conf_puts(${cString(`CALL ${name}(`)});`,
      ...argNames.map((a, i) => `    ${i ? `conf_puts(", "); ` : ""}conf_hex(${a});`), `    conf_puts(")");`];
    if (s.final) {
      if (s.expect || s.expectAny) throw new Error(`conformance: final step ${name} cannot have checks`);
      final = name;
      body.push(`  {`, ...decl, ...printArgs, `    conf_puts(" (must not return)\\n");`, `    (void)${fn}(${argText});`,
        `    conf_check(${cString(`${name}-did-not-return`)}, 0);`, `  }`);
      continue;
    }
    const tag = conv.results.length ? `struct ${cRetStruct(s.probe ? cPrefix(probeAbi!.id) : P, conv.name)}` : null;
    const field = (f: string): string => {
      if (conv.results.some((r) => r.name === f)) return f;
      const r = ca.resultRegs[f];
      if (r) return r.name;
      throw new Error(`conformance: ${name} has no result '${f}' (convention ${conv.name}: ${conv.results.map((x) => x.name).join(", ")})`);
    };
    const cond = (c: PlanCheck): string => {
      const op = { eq: "==", ne: "!=", ge: ">=", le: "<=" }[c.op];
      const t = c.low32 ? "(uint32_t)" : "(unsigned long)";
      return `(${t}r.${field(c.field)} ${op} ${t}${value(c.value)})`;
    };
    const alias = (r: string): string => {
      const named = Object.entries(ca.resultRegs).find(([, reg]) => reg.name === r)?.[0];
      return named && named !== r ? `${r}(${named})` : r;
    };
    body.push(`  {`, ...decl);
    if (tag) {
      body.push(`    const ${tag} r = ${fn}(${argText});`, ...printArgs, `    conf_puts(" ->");`);
      for (const r of conv.results) body.push(`    conf_puts(${cString(` ${alias(r.name)}=`)}); conf_hex(r.${r.name});`);
    } else body.push(`    ${fn}(${argText});`, ...printArgs, `    conf_puts(" -> (no result registers)");`);
    body.push(`    conf_puts("\\n");`);
    if (s.expect?.length || s.expectAny?.length) {
      if (!tag) throw new Error(`conformance: ${name} returns nothing to check`);
      const all = (s.expect ?? []).map(cond);
      const any = (s.expectAny ?? []).map(cond);
      const expr = [...all, ...(any.length ? [`(${any.join(" || ")})`] : [])].join(" && ");
      const label = s.check ?? name;
      if (checks.includes(label)) throw new Error(`conformance: two checks named '${label}'`);
      checks.push(label);
      body.push(`    conf_check(${cString(label)}, ${expr});`);
    } else if (tag) body.push(`    (void)r;`);
    body.push(`  }`);
  }

  const guest = [
    `/* Conformance guest for ${abi.id} on ${plan.arch}: ${commentSafe(plan.title)}.`,
    ` * Generated by generator/emit/conformance.ts from ${commentSafe(opts.origin ?? "a test/qemu plan")}; calls only generated stubs. */`,
    `#include <stdint.h>`,
    `#include ${cString(flat(cHeaderPath(abi.id)))}`,
    ...(probeAbi ? [...followOptions(P, cPrefix(probeAbi.id), arch), `#include ${cString(flat(cHeaderPath(probeAbi.id)))}`] : []),
    `static void conf_puts(const char *s);`,
    `static void conf_hex(unsigned long v);`,
    `static void conf_check(const char *name, int ok);`,
    `/* platform.h (hand-written, per machine): platform_putc, platform_init, platform_checks. */`,
    `#include "platform.h"`,
    ``,
    `static void conf_puts(const char *s) { while (*s) platform_putc(*s++); }`,
    `static void conf_hex(unsigned long v)`,
    `{`,
    `  char b[2 + 2 * sizeof v + 1];`,
    `  int n = 0, i = (int)(2 * sizeof v) - 1;`,
    `  while (i > 0 && ((v >> (4 * i)) & 0xf) == 0) i--;   /* no leading zeros */`,
    `  b[n++] = '0'; b[n++] = 'x';`,
    `  for (; i >= 0; i--) b[n++] = "0123456789abcdef"[(v >> (4 * i)) & 0xf];`,
    `  b[n] = 0;`,
    `  conf_puts(b);`,
    `}`,
    `static int conf_failed;`,
    `static void conf_check(const char *name, int ok) { conf_puts("CHECK "); conf_puts(name); conf_puts(ok ? " ok\\n" : " FAIL\\n"); if (!ok) conf_failed = 1; }`,
    ``,
    `void guest_main(unsigned long boot_arg)`,
    `{`,
    `  platform_init(boot_arg);`,
    `  conf_puts(${cString(`HCALL-GUEST ${plan.arch} ${abi.id}: ${plan.title}`)} "\\n");`,
    `  platform_checks(boot_arg);`,
    `  (void)conf_check;   /* a plan may have no checks */`,
    ...body,
    ...(opts.platformExit ? [`  platform_exit(conf_failed);`] : [`  (void)conf_failed;`]),
    `}`,
  ].join("\n");
  return { files: [{ path: "guest.c", content: `${guest}\n` }, ...headers], checks, final };
}

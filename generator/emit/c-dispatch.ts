// The C host dispatcher emitter: per ABI a companion header c/<abi>_dispatch.h (freestanding C11, only
// <stddef.h>, <stdint.h> and the guest header it sits beside, whose status and magic macros it
// reuses) for firmware, hypervisors and emulators written in C: the other side of the trap. Per ABI:
// typed args/results structs per call, a handler table (one function pointer per call, NULL = not
// implemented) and the call enum; per arch (c-dispatch-arch.ts): the register file, the selector
// lookup, the dispatcher and the privilege/magic/trap helpers. The code is host-portable: a riscv64
// dispatcher compiles and runs the same on an x86_64 emulator as in riscv64 M-mode firmware.
import type { Abi, Call } from "../model.js";
import { cCallStruct, cDispatchHeaderPath, cHandlerMember, cHeaderPath, cMacro, cPrefix } from "../names.js";
import { dispatchArchBlock, type DispatchNames } from "./c-dispatch-arch.js";
import { hostType } from "./c-dispatch-values.js";
import { guestNames } from "./c.js";
import { chunkedFile, joinChunks } from "./chunked.js";
import { blockComment, cString, inlineComment, s64Literal } from "./c-text.js";
import { append } from "./lines.js";
import { mergedArgs, mergedResults } from "./ts-values.js";
import { emitterFromParts } from "./parts.js";
import type { Emitter, GeneratedFile } from "./types.js";

const OUTCOMES: readonly (readonly [string, string])[] = [
  ["HANDLED", "a handler answered; status and results are in the registers"],
  ["NO_HANDLER", "the call exists but the table has no handler: the not_supported status is written"],
  ["UNKNOWN_CALL", "no call has this selector: the not_supported status is written"],
  ["RESERVED", "as UNKNOWN_CALL, and the selector is in a range the spec reserves"],
  ["DENIED", "(the deny helper) the privilege rule's error status is written"],
  ["FAULT", "nothing is written: raise the fault the spec names (no error to answer with)"],
  ["REFLECT", "(the deny helper) nothing is written: reflect the trap to the guest kernel"],
];

/** Every identifier the guest header defines (macros, functions, struct tags): the dispatch header includes it. */
function namer(abi: Abi, guest: ReadonlySet<string>): DispatchNames {
  const prefix = cPrefix(abi.id);
  const seen = new Map<string, string>();
  const add = (name: string, what: string): string => {
    const prev = seen.get(name) ?? (guest.has(name) ? `a name in ${cHeaderPath(abi.id)}` : undefined);
    if (prev !== undefined && prev !== what) throw new Error(`c dispatch emitter: ${abi.id}: C name ${name} is both ${prev} and ${what}; rename one in the spec`);
    seen.set(name, what);
    return name;
  };
  return {
    prefix, add,
    sext: add(`${prefix}__sext`, "sign extension helper"),
    handlers: add(`${prefix}_handlers`, "the handler table"),
    outcome: (o) => `${prefix}_${o}`,
    callEnum: (c: Call) => cMacro(prefix, `CALL_${c.name}`),
    success: add(cMacro(prefix, "DISPATCH_SUCCESS"), "the success status"),
  };
}

function apiText(abi: Abi, p: string): string {
  const first = abi.calls[0]?.name.toLowerCase() ?? "<call>";
  const arch = abi.arches[0]?.arch ?? "<arch>";
  return [
    `${p}: C host dispatcher for ${abi.title} ${abi.version} (spec ${abi.file}, ABI id ${abi.id}).`,
    `The other side of the trap: for firmware, hypervisors and emulators. Freestanding C11; include`,
    `${cHeaderPath(abi.id).replace(/^c\//, "")} from the same directory (this header includes it for the status macros).`,
    ``,
    `  struct ${p}_<arch>_regs      the register file in the arch's names (32-bit arches: uint32_t)`,
    `  struct ${p}_<call>_args      typed arguments, narrowed as the TS runtime does (signed types sign-`,
    `  struct ${p}_<call>_results   extended; ulong/gpa/gva/ptr/long are 64-bit members, exact on 32-bit arches)`,
    `  struct ${p}_handlers         one function pointer per call (NULL = not implemented):`,
    `                               int64_t (*${first})(void *ctx[, const struct ..._args *][, struct ..._results *])`,
    `                               returning a status (${cMacro(p, "DISPATCH_SUCCESS")}: results are written too)`,
    `  ${p}_dispatch_<arch>(r, h, ctx)  e.g. ${p}_dispatch_${arch}: -> enum ${p}_outcome`,
    `  ${p}_mode_allowed_<arch>(bits), ${p}_deny_<arch>(r)  the privilege rule, applied by the caller`,
    `  ${p}_magic_ok_<trap>_<arch>(r), ${p}_trap_operand_<arch>(insn, &op)  where the arch has them`,
    `  ${cMacro(p, "CALL_<CALL>")}          call indexes (${cMacro(p, "CALL_COUNT")} calls), ${p}_call_name(i),`,
    `  ${p}_call_of_<arch>(r), ${p}_has_handler(h, i)   which call a selector names; whether h implements it`,
  ].join("\n");
}

function callStructs(n: DispatchNames, abi: Abi): string[] {
  const out: string[] = [];
  for (const call of abi.calls) {
    for (const [what, values] of [["args", mergedArgs(call)], ["results", mergedResults(call)]] as const) {
      if (!values.length) continue;
      const tag = n.add(cCallStruct(n.prefix, call.name, what), `${what} of ${call.name}`);
      out.push(`struct ${tag} {`, ...values.map((v) => `  ${hostType(v.types)} ${v.name}; /* ${v.types.join("/")}${v.optional ? ", not on every arch" : ""} */`), `};`);
    }
  }
  return out;
}

function handlerTable(n: DispatchNames, abi: Abi): string[] {
  const out = [`struct ${n.handlers} {`];
  const members = new Map<string, string>();
  for (const call of abi.calls) {
    const m = cHandlerMember(call.name);
    if (members.has(m)) throw new Error(`c dispatch emitter: ${abi.id}: calls ${members.get(m)} and ${call.name} both map to handler ${m}; rename one in the spec`);
    members.set(m, call.name);
    const params = ["void *ctx"];
    if (mergedArgs(call).length) params.push(`const struct ${cCallStruct(n.prefix, call.name, "args")} *args`);
    if (mergedResults(call).length) params.push(`struct ${cCallStruct(n.prefix, call.name, "results")} *res`);
    out.push(`  int64_t (*${m})(${params.join(", ")});`);
  }
  out.push(`};`);
  return out;
}

/** The host dispatch header of an ABI whole (tests). */
export function emitDispatchHeader(abi: Abi): string {
  return joinChunks(dispatchPieces(abi));
}

/**
 * The host dispatch header as pieces (emit/chunked.ts), one section (a few lines, or one list over
 * every call, or one arch's dispatcher) at a time: at 10k calls the file is 28 MB.
 */
function* dispatchPieces(abi: Abi): Generator<string, void, void> {
  const n = namer(abi, guestNames(abi));
  const p = n.prefix;
  const guard = `${p.toUpperCase()}_DISPATCH_H`;
  const successReg = abi.errors.success === null ? 0n : (abi.errors.codes.find((e) => e.name === abi.errors.success)?.register ?? 0n);
  const out = [...blockComment(apiText(abi, p)), ``, `#ifndef ${guard}`, `#define ${guard}`, ``,
    `#include <stddef.h>`, `#include <stdint.h>`, `#include ${cString(cHeaderPath(abi.id).replace(/^c\//, ""))}`, ``,
    `_Static_assert(sizeof(long long) == 8 && sizeof(int64_t) == 8, ${cString(`${p}: needs a 64-bit long long`)});`, ``];
  out.push(`/* What a dispatcher did; every outcome but FAULT and REFLECT advances the guest past the trap. */`, `enum ${n.add(`${p}_outcome`, "outcome enum")} {`);
  OUTCOMES.forEach(([o, doc], i) => out.push(`  ${n.add(n.outcome(o), `outcome ${o}`)} = ${i}, ${inlineComment(doc)}`));
  out.push(`};`, ``);
  out.push(`/* Privilege modes as bits, for the mode_allowed helpers. */`);
  (["user", "kernel", "hypervisor", "firmware"] as const).forEach((m, i) => out.push(`#define ${n.add(cMacro(p, `MODE_${m}`), `mode ${m}`)} ${1 << i}u`));
  out.push(`/* The status a handler returns to report success (${abi.errors.success ?? "the ABI names none: 0"}). */`,
    `#define ${n.success} ${s64Literal(successReg)}`, ``);
  yield flush(out);
  out.push(`/* Calls by index: the handler table's order. */`, `enum ${n.add(`${p}_call`, "call enum")} {`);
  abi.calls.forEach((c, i) => out.push(`  ${n.add(n.callEnum(c), `call ${c.name}`)} = ${i},`));
  out.push(`  ${n.add(cMacro(p, "CALL_COUNT"), "call count")} = ${abi.calls.length}`, `};`, ``);
  yield flush(out);
  const nameFn = n.add(`${p}_call_name`, "call names");
  append(out, `/* The spec name of a call index (tracing), or NULL. */`, `static inline const char *${nameFn}(int call)`, `{`, `  switch (call) {`,
    abi.calls.map((c) => `  case ${n.callEnum(c)}: return ${cString(c.name)};`), `  default: return NULL;`, `  }`, `}`, ``);
  out.push(`/* The low \`bits\` bits of v, sign-extended (BigInt.asIntN in the TS runtime). */`,
    `static inline int64_t ${n.sext}(uint64_t v, unsigned bits)`, `{`,
    `  const uint64_t m = 1ULL << (bits - 1);`, `  if (bits < 64) v &= (1ULL << bits) - 1;`, `  return (int64_t)((v ^ m) - m);`, `}`, ``);
  yield flush(out);
  append(out, callStructs(n, abi), ``);
  yield flush(out);
  append(out, handlerTable(n, abi), ``);
  yield flush(out);
  const has = n.add(`${p}_has_handler`, "handler check");
  append(out, `/* Whether the table implements call (a non-NULL handler). */`, `static inline int ${has}(const struct ${n.handlers} *h, int call)`, `{`, `  switch (call) {`,
    abi.calls.map((c) => `  case ${n.callEnum(c)}: return h->${cHandlerMember(c.name)} != NULL;`), `  default: return 0;`, `  }`, `}`, ``);
  yield flush(out);
  // `out` is empty here: each of an arch's lists of lines is a piece of its own.
  for (const arch of abi.arches) for (const lines of dispatchArchBlock(n, abi, arch)) yield flush(lines);
  out.push(`#endif /* ${guard} */`);
  yield flush(out);
}

/** The lines gathered so far as a piece (each ending in a newline: the pieces join to lines.join("\n") + "\n"), and `out` emptied. */
function flush(out: string[]): string {
  const piece = out.length === 0 ? "" : `${out.join("\n")}\n`;
  out.length = 0;
  return piece;
}

export const cDispatchEmitter: Emitter = emitterFromParts("c", {
  abi: (abi): GeneratedFile[] => [chunkedFile(cDispatchHeaderPath(abi.id), [abi.file], () => dispatchPieces(abi))],
  shared: () => [],
});

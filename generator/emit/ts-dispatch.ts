// ts/<abi>.dispatch.ts: the ABI's dispatcher as ordinary TypeScript, one step function per arch and
// one invoke function per call and arch. A step function recognises the trap word(s), applies the
// vendor rule, the magic checks and the privilege bit, then switches over the selector registers'
// 32-bit halves (one nested switch per selector source) and calls the invoker of the call found; the
// invoker decodes the arguments, calls the handler in the call's slot and encodes its results inline.
// What needs more than one ABI (later ABIs, the outer machine, the error answers) is left to the
// runtime through the DispatchContext. Built with plain string concatenation: no templates, no AST.
import type { Abi, ArchAbi, Call, CallArch, Convention, Trap } from "../model.js";
import { sourceMasks, trapMask } from "./ts-arch.js";
import { argsObject, encodeStatements, slotOf, writeStatusStatements, writesResults } from "./ts-codec.js";
import { append } from "./lines.js";
import { switchLines, type SwitchCase } from "./ts-switch.js";
import type { AbiNames } from "./ts-names.js";
import { big, docText, key, mask, mergedArgs, mergedResults, str } from "./ts-values.js";

const hex = (x: number): string => `0x${x.toString(16)}`;
const lo32 = (x: bigint): number => Number(x & 0xffff_ffffn);
const hi32 = (x: bigint): number => Number((x >> 32n) & 0xffff_ffffn);
/** A one-line comment text that cannot end its comment. */
const note = (s: string): string => docText(s).replace(/\s+/g, " ");

/** `(e & m)` as an unsigned 32-bit number expression (no mask when m is all ones). */
function masked(e: string, m: number): string {
  if (m === 0xffff_ffff) return e;
  return m >= 0x8000_0000 ? `((${e} & ${hex(m)}) >>> 0)` : `(${e} & ${hex(m)})`;
}

/** What the emitter knows about one call on one arch. */
interface CallOnArch { readonly index: number; readonly call: Call; readonly ca: CallArch; readonly conv: Convention }

/** The calls of the ABI on one arch, in call order. */
function callsOn(abi: Abi, arch: ArchAbi, callIndex: ReadonlyMap<string, number>): CallOnArch[] {
  const calls: CallOnArch[] = [];
  for (const call of abi.calls)
    for (const ca of call.arches)
      if (ca.arch === arch.arch) calls.push({ index: callIndex.get(call.name)!, call, ca, conv: arch.conventions.find((c) => c.name === ca.convention)! });
  return calls;
}

/**
 * The module's text as pieces (one per function), for chunkedFile: at 10k calls the module is 46 MB,
 * and building it whole held about 180 MB. Joined, the pieces are the text the whole-string
 * version printed: every statement followed by a newline.
 */
export function* dispatchPieces(abi: Abi, runtimeImport: string, n: AbiNames): Generator<string, void, void> {
  const callIndex = new Map(abi.calls.map((c, i) => [c.name, i]));
  const perArch = abi.arches.map((arch) => ({ arch, calls: callsOn(abi, arch, callIndex) }));
  // The imports name what the functions below use, so it is worked out from the model first (the
  // same tests the invokers make) instead of from their text, which is then yielded as it is built.
  const typeNames = new Set<string>([n.handlersType]);
  for (const { calls } of perArch)
    for (const c of calls) if (writesResults(c.ca)) typeNames.add(n.call.get(c.call.name)!.results);
  const usesRegs = perArch.some(({ arch }) => hasReservedFn(abi, arch));
  function* functions(): Generator<string, void, void> {
    for (const { arch, calls } of perArch) {
      for (const c of calls) yield invoker(abi, n, arch, c);
      const reserved = reservedFn(abi, arch);
      if (reserved !== null) yield reserved;
      yield stepFn(abi, arch, calls, reserved !== null);
    }
  }
  // Every invoker calls noted(); without invokers the functions are small, and their text is asked.
  let body: Iterable<string> = functions();
  let usesNoted = perArch.some(({ calls }) => calls.length > 0);
  if (!usesNoted) {
    const texts = [...body];
    usesNoted = texts.some((f) => f.includes(" noted("));
    body = texts;
  }
  const head = [
    `import type { AbiDispatch, AnyHandler, DispatchContext, ${usesRegs ? "Regs, " : ""}${usesNoted ? "ReturnedResult, " : ""}StepResult, Vcpu } from ${str(runtimeImport)};`,
    `import type { ${[...typeNames].sort().join(", ")} } from ${str(`./${abi.id}.js`)};`,
    "",
    statusFn(abi),
    ...(usesNoted ? [NOTED] : []),
  ];
  for (const s of head) yield `${s}\n`;
  for (const f of body) yield `${f}\n`;
  const archParts = abi.arches.map((arch) => `${key(arch.arch)}: step_${arch.arch}`);
  yield [
    `/** ${note(`${abi.title}: the generated dispatcher (${abi.file}), loaded by the runtime through ${n.table}.dispatch.`)} */`,
    `export const ${n.dispatch}: AbiDispatch = {`,
    "  format: 2,",
    `  calls: [${abi.calls.map((c) => str(c.name)).join(", ")}],`,
    `  arches: { ${archParts.join(", ")} },`,
    "};",
    "",
  ].join("\n");
}

/** Out of line so that each invoker stays small enough for V8 to inline several into step_<arch>. */
const NOTED = [
  "/** A call's result with its note (e.g. one vendor's trap instruction run on another vendor's vCPU). */",
  "function noted(r: ReturnedResult, note: string): StepResult {",
  "  return { ...r, note };",
  "}",
  "",
].join("\n");

/** statusReg(status, call): the status register value of an error name (what the table's errorRegs hold). */
function statusFn(abi: Abi): string {
  const cases = abi.errors.codes.map((c) => `    case ${str(c.name)}: return ${big(c.register)};`);
  return [
    "/** The status register value of an error name a handler returned (64-bit two's complement). */",
    "function statusReg(status: string, call: string): bigint {",
    "  switch (status) {",
    ...cases,
    `    default: throw new TypeError(${str(`handler for ${abi.id}.`)} + call + "${" returned unknown status '"}" + status + "'");`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/**
 * The invoker of one call on one arch: count, decode -> handler -> encode, pc, result. No tracing hook:
 * with a tracer installed the runtime takes its general path (format 2), so the hot path has no check for it.
 */
function invoker(abi: Abi, n: AbiNames, arch: ArchAbi, c: CallOnArch): string {
  const { index: i, call, ca, conv } = c;
  const t = n.call.get(call.name)!;
  const args = mergedArgs(call), results = mergedResults(call);
  const success = abi.errors.success;
  const successReg = success === null ? 0n : (abi.errors.codes.find((e) => e.name === success)?.register ?? 0n);
  const enc = encodeStatements(arch, conv, ca, results, successReg);
  const obj = argsObject(arch, conv, ca, args, true) ?? "{}";
  const isSuccess = success === null ? "st === undefined || st === null" : `st === undefined || st === ${str(success)}`;
  const ok: string[] = [];
  if (enc.usesRes) ok.push(`const res = out as ${t.results};`);   // writesResults(ca): the import of t.results
  ok.push(...enc.lines);
  const status = writeStatusStatements(arch, conv);
  const fail = status.length === 0 ? [`statusReg(st, ${str(call.name)});`] : [`const s = statusReg(st, ${str(call.name)});`, ...status];
  const ids = Object.entries(ca.id).map(([k, v]) => `${k} ${big(v).slice(0, -1)}`).join(", ");
  const usesR = [obj, ...ok, ...fail].some((l) => /(^|[^0-9a-z_])r\[/.test(l));
  return [
    `/** ${note(`${call.name} on ${arch.arch} (${ids}; convention ${conv.name}).`)} */`,
    `function ${arch.arch}_${i}(h: ${n.handlersType}[${str(call.name)}], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {`,
    `  x.counts[${i}]++;`,
    ...(usesR ? ["  const r = v.regs;"] : []),
    ...(obj.includes("r32[") ? ["  const r32 = v.regs32;"] : []),
    "  try {",
    `    const out = h(${obj}, v);`,
    // The thenable test inline and x.sync only for a thenable: a smaller invoker, which V8 inlines into step_<arch>.
    `    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, ${i});   // throws: handlers are synchronous`,
    "    const st = out.status;",
    ...(ok.length ? [`    if (${isSuccess}) {`, ...ok.map((l) => `      ${l}`), "    } else {"] : [`    if (!(${isSuccess})) {`]),
    ...fail.map((l) => `      ${l}`),
    "    }",
    "  } catch (e) {",
    `    return x.threw(v, ${i}, e, len, note);`,
    "  }",
    "  v.pc += len;",
    `  return note === null ? x.returned[${i}]! : noted(x.returned[${i}]!, note);`,
    "}",
    "",
  ].join("\n");
}

/** Byte conditions of a trap at code[off..] (null: it can never match, a byte has bits outside its mask). */
function byteCond(arch: ArchAbi, t: Trap): string | null {
  const m = trapMask(arch, t), parts = [`avail >= ${t.bytes.length}`];
  for (let j = 0; j < t.bytes.length; j++) {
    const b = t.bytes[j]!, mj = m[j]!;
    if ((b & ~mj) !== 0) return null;
    if (mj === 0) continue;
    const at = j === 0 ? "code[off]!" : `code[off + ${j}]!`;
    parts.push(mj === 0xff ? `${at} === ${hex(b)}` : `(${at} & ${hex(mj)}) === ${hex(b)}`);
  }
  return parts.join(" && ");
}

/** The word condition of a trap of at most 4 bytes (w = 4 bytes at pc packed little-endian), or null. */
function wordCond(arch: ArchAbi, t: Trap): string | null {
  if (t.bytes.length < 1 || t.bytes.length > 4) return null;
  const m = trapMask(arch, t);
  let word = 0, wm = 0;
  for (let j = 0; j < t.bytes.length; j++) {
    if ((t.bytes[j]! & ~m[j]!) !== 0) return null;
    word |= (t.bytes[j]! & m[j]!) << (8 * j); wm |= m[j]! << (8 * j);
  }
  return `${masked("w", wm >>> 0)} === ${hex(word >>> 0)}`;
}

/** The operand bits of a 4-byte trap as a number expression (the instruction word in the arch byte order). */
function operandExpr(arch: ArchAbi, t: Trap): string | null {
  const op = t.operand;
  if (op === null) return "0";
  if (t.bytes.length !== 4 || op.hi - op.lo + 1 > 32) return null;
  const order = arch.endian === "big" ? [0, 1, 2, 3] : [3, 2, 1, 0];
  const insn = `((code[off + ${order[0]}]! << 24) | (code[off + ${order[1]}]! << 16) | (code[off + ${order[2]}]! << 8) | code[off + ${order[3]}]!)`;
  const width = op.hi - op.lo + 1;
  const shifted = op.lo === 0 ? `(${insn} >>> 0)` : `(${insn} >>> ${op.lo})`;
  return width === 32 ? shifted : `(${shifted} & ${hex(Number(mask(width)))})`;
}

/** The checks of the trap that matched: vendor rule, magic registers, operand, trap length. */
function trapBlock(abi: Abi, arch: ArchAbi, t: Trap): string[] {
  const lines: string[] = [];
  if (t.vendor !== null) {
    const ov = arch.otherVendor;
    lines.push(`if (v.vendor !== ${str(t.vendor)}) {`);
    if (ov === null) lines.push(`  return { kind: "not-hypercall", reason: ${str(`${t.mnemonic} is the ${t.vendor} instruction, this vCPU is `)} + v.vendor + ${str(`, and ${abi.id} declares no other_vendor behaviour`)} };`);
    else if (ov.kind === "fault") lines.push(`  return { kind: "fault", abi: ${str(abi.id)}, fault: ${str(ov.fault)}, reason: ${str(`${t.mnemonic} is the ${t.vendor} instruction on a `)} + v.vendor + " vCPU" };`);
    else lines.push(`  note = ${str(`${t.mnemonic} (${t.vendor}) patched to the `)} + v.vendor + " instruction";`);
    lines.push("}");
  }
  for (const name of t.magic) {
    const m = abi.magic.find((x) => x.name === name);
    if (!m || m.register === null) continue;   // as in the table: a magic without a register is not checked at the trap
    const slot = slotOf(arch, m.register), value = m.value & mask(arch.word);
    const cond = arch.word === 64 ? `r32[${2 * slot}] !== ${hex(lo32(value))} || r32[${2 * slot + 1}] !== ${hex(hi32(value))}` : `r32[${2 * slot}] !== ${hex(lo32(value))}`;
    lines.push(`if (${cond}) return { kind: "reflected", abi: ${str(abi.id)}, to: "kernel", reason: ${str(`${t.mnemonic} without ${name} in ${m.register}: a system call, not a hypercall`)} };`);
  }
  const op = operandExpr(arch, t);
  if (op === null) lines.push("return x.general();   // an operand this dispatcher does not decode: the runtime's general path");
  else {
    if (t.operand !== null) lines.push(`op = ${op};`);
    lines.push(`len = ${t.bytes.length};`);
  }
  return lines;
}

/** The trap recognition statements: sets `trap` (an index into the arch's traps; not when there is one) or returns null. */
function trapMatch(arch: ArchAbi, single: boolean): string[] {
  const word = arch.traps.map((t, i) => ({ i, t, cond: wordCond(arch, t) ?? byteCond(arch, t) })).filter((x) => x.cond !== null);
  // Fewer than 4 bytes before the end of memory: only traps shorter than 4 bytes can be there.
  const bytes = arch.traps.map((t, i) => ({ i, t, cond: t.bytes.length === 4 ? null : byteCond(arch, t) })).filter((x) => x.cond !== null);
  const chain = (xs: typeof word): string[] => {
    if (xs.length === 0) return ["return null;"];
    const c = xs[0]!.cond!, simple = /^[^&|]+ === [^&|]+$/.test(c) && !c.includes("(");
    if (single) return [`if (${simple ? c.replace(" === ", " !== ") : `!(${c})`}) return null;   // ${note(xs[0]!.t.mnemonic)}`];
    return [...xs.map((x, k) => `${k === 0 ? "if" : "else if"} (${x.cond}) trap = ${x.i};   // ${note(x.t.mnemonic)}`), "else return null;"];
  };
  return [
    "if (avail >= 4) {",
    "  const w = (code[off]! | (code[off + 1]! << 8) | (code[off + 2]! << 16) | (code[off + 3]! << 24)) >>> 0;",
    ...chain(word).map((l) => `  ${l}`),
    "} else {",
    ...chain(bytes).map((l) => `  ${l}`),
    "}",
  ];
}

interface KeyNode { readonly calls: Map<bigint, KeyNode | CallOnArch> }

/** One selector source's 32-bit halves as number expressions (r32 = the register file's Uint32Array view). */
function halves(arch: ArchAbi, src: Convention["select"][number]): { lo: string; hi: string | null; fmLo: number; fmHi: number } {
  const { fieldMask } = sourceMasks(src);
  const fmLo = lo32(fieldMask), fmHi = hi32(fieldMask);
  if (src.source === "@operand") return { lo: masked("op", fmLo), hi: null, fmLo, fmHi: 0 };
  const slot = slotOf(arch, src.source);
  return { lo: masked(`r32[${2 * slot}]!`, fmLo), hi: fmHi === 0 ? null : masked(`r32[${2 * slot + 1}]!`, fmHi), fmLo, fmHi };
}

/** The nested switches of one convention over its selector sources. */
function conventionSwitch(arch: ArchAbi, conv: Convention, calls: readonly CallOnArch[], indent: string): string[] {
  const root: KeyNode = { calls: new Map() };
  for (const c of calls) {
    const keys = conv.select.map((s) => (c.ca.selector[s.source] ?? 0n) & sourceMasks(s).fieldMask);
    let node = root;
    keys.forEach((k, d) => {
      if (d === keys.length - 1) { node.calls.set(k, c); return; }
      let next = node.calls.get(k) as KeyNode | undefined;
      if (next === undefined) node.calls.set(k, (next = { calls: new Map() }));
      node = next;
    });
  }
  const leaf = (c: CallOnArch, pad: string): string[] => [
    `${pad}if ((h = x.handlers[${c.index}]) !== null) return ${arch.arch}_${c.index}(h, v, x, len, note);   // ${note(c.call.name)}`,
    `${pad}if (k < 0) k = ${c.index};`,
  ];
  const emit = (node: KeyNode, depth: number, pad: string): string[] => {
    const src = conv.select[depth]!, h = halves(arch, src);
    const child = (x: KeyNode | CallOnArch, p: string): string[] => ("calls" in x && x.calls instanceof Map ? emit(x as KeyNode, depth + 1, p) : leaf(x as CallOnArch, p));
    const byLo = new Map<number, [number, KeyNode | CallOnArch][]>();
    for (const [k, x] of [...node.calls].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const l = lo32(k);
      const g = byLo.get(l);
      if (g === undefined) byLo.set(l, [[hi32(k), x]]); else g.push([hi32(k), x]);
    }
    // The common case: every key's high half is 0 (one test), else a switch per low half.
    const hiZero = h.hi !== null && [...byLo.values()].every((xs) => xs.length === 1 && xs[0]![0] === 0);
    const lines = hiZero ? [`${pad}if (${h.hi} === 0) {   // ${note(src.source)}: high half`] : [];
    if (hiZero) pad += "  ";
    const cases: SwitchCase[] = [...byLo].map(([l, xs]) => ({
      key: l,
      body: (p) => {
        const body: string[] = [];
        if (h.hi === null || hiZero) append(body, child(xs[0]![1], p));
        else {
          body.push(`${p}switch (${h.hi}) {`);
          for (const [hh, x] of xs) append(body, `${p}  case ${hex(hh)}:`, child(x, `${p}    `), `${p}    break;`);
          body.push(`${p}}`);
        }
        body.push(`${p}break;`);
        return body;
      },
    }));
    append(lines, switchLines(h.lo, cases, pad, note(src.source)));
    if (hiZero) lines.push(`${pad.slice(2)}}`);
    return lines;
  };
  const lines: string[] = [];
  let pad = indent;
  const consts = conv.select.map((s) => ({ s, m: sourceMasks(s) })).filter((x) => x.m.constMask !== 0n);
  if (consts.length) {
    const conds = consts.flatMap(({ s, m }) => {
      const base = s.source === "@operand" ? null : 2 * slotOf(arch, s.source);
      const loE = base === null ? "op" : `r32[${base}]!`, hiE = base === null ? "0" : `r32[${base + 1}]!`;
      const out = [`${masked(loE, lo32(m.constMask))} === ${hex(lo32(m.constValue))}`];
      if (hi32(m.constMask) !== 0) out.push(`${masked(hiE, hi32(m.constMask))} === ${hex(hi32(m.constValue))}`);
      return out;
    });
    lines.push(`${pad}if (${conds.join(" && ")}) {   // the selector's const bits`);
    pad += "  ";
  }
  append(lines, emit(root, 0, pad));
  if (consts.length) lines.push(`${indent}}`);
  return lines;
}

/** Whether reservedFn writes a function for this arch (its signature is what imports Regs). */
function hasReservedFn(abi: Abi, arch: ArchAbi): boolean {
  return abi.ranges.some((r) => r.use === "reserved") && arch.conventions[0] !== undefined;
}

/** reserved_<arch>(r, op): whether the selector falls in a reserved range (first convention's fields). */
function reservedFn(abi: Abi, arch: ArchAbi): string | null {
  if (!hasReservedFn(abi, arch)) return null;
  const ranges = abi.ranges.filter((r) => r.use === "reserved");
  const conv = arch.conventions[0]!;
  const wordMask = big(mask(arch.word));
  const fields = new Map<string, string>();
  for (const s of conv.select) {
    const value = s.source === "@operand" ? `(BigInt(op) & ${wordMask})` : `(r[${slotOf(arch, s.source)}]! & ${wordMask})`;
    for (const p of s.parts) {
      if (p.kind !== "field") continue;
      const width = p.hi - p.lo + 1;
      const bits = `((${value} >> ${p.lo}n) & ${big(mask(width))})`;
      const prev = fields.get(p.field);
      fields.set(p.field, prev === undefined ? bits : `((${prev} << ${width}n) | ${bits})`);
    }
  }
  const names = [...fields.keys()];
  const tests = ranges.filter((r) => fields.has(r.field)).map((r) => `(f${names.indexOf(r.field)} >= ${big(r.from)} && f${names.indexOf(r.field)} <= ${big(r.to)})   // ${note(r.name)}`);
  const used = new Set(ranges.filter((r) => fields.has(r.field)).map((r) => names.indexOf(r.field)));
  return [
    `/** Whether the selector on ${arch.arch} falls in a reserved range of ${note(abi.id)} (the not-supported answer says "reserved"). */`,
    `function reserved_${arch.arch}(${[...used].some((f) => fields.get(names[f]!)!.includes("r[")) ? "r" : "_r"}: Regs, ${[...used].some((f) => fields.get(names[f]!)!.includes("op")) ? "op" : "_op"}: number): boolean {`,
    ...[...used].map((f) => `  const f${f} = ${fields.get(names[f]!)};   // ${note(names[f]!)}`),
    tests.length ? `  return ${tests.join("\n    || ")};` : "  return false;",
    "}",
    "",
  ].join("\n");
}

/** step_<arch>: trap, vendor, magic, privilege, the selector switches; null when the trap is not this ABI's. */
function stepFn(abi: Abi, arch: ArchAbi, calls: readonly CallOnArch[], hasReserved: boolean): string {
  const allowed = arch.privilege.allowed.reduce((m, x) => m | ({ user: 1, kernel: 2, hypervisor: 4, firmware: 8 } as const)[x], 0);
  const live = arch.traps.map((t, i) => ({ t, i })).filter(({ t }) => wordCond(arch, t) !== null || byteCond(arch, t) !== null);
  const single = live.length <= 1;
  const usesR32 = calls.length > 0 || live.some(({ t }) => t.magic.some((m) => abi.magic.find((x) => x.name === m)?.register));
  const lines = [
    `/** ${note(`${abi.id} on ${arch.arch}: the hypercall at pc, or null when no trap of ${abi.id} is there.`)} */`,
    `function step_${arch.arch}(v: Vcpu, code: Uint8Array, off: number, avail: number, x: DispatchContext): StepResult | null | undefined {`,
    ...(single ? [] : ["  let trap: number;"]),
    ...trapMatch(arch, single).map((l) => `  ${l}`),
    ...(usesR32 ? ["  const r32 = v.regs32;"] : []),
    "  let len: number, note: string | null = null, op = 0;",
  ];
  if (live.length === 0) lines.push("  return null;");
  else if (single) lines.push(...trapBlock(abi, arch, live[0]!.t).map((l) => `  ${l}`));
  else {
    lines.push("  switch (trap) {");
    live.forEach(({ t, i }, k) => {
      lines.push(k === live.length - 1 ? `    default: {   // ${note(t.mnemonic)}` : `    case ${i}: {   // ${note(t.mnemonic)}`);
      lines.push(...trapBlock(abi, arch, t).map((l) => `      ${l}`), "      break;", "    }");
    });
    lines.push("  }");
  }
  lines.push(`  if ((v.modeBit & ${hex(allowed)}) === 0) return x.general();   // the privilege rule: ${note(arch.privilege.allowed.join(", "))} may call`);
  if (calls.length > 0) lines.push("  let h: AnyHandler | null, k = -1;");
  for (const conv of arch.conventions) {
    const mine = calls.filter((c) => c.conv === conv);
    if (mine.length === 0) continue;
    lines.push(`  // convention ${note(conv.name)}: ${note(conv.select.map((s) => s.source).join(", "))}`);
    append(lines, conventionSwitch(arch, conv, mine, "  "));
  }
  const known = calls.length > 0 ? "k" : "-1";
  lines.push(`  return x.miss(${known}, ${hasReserved ? `${known} < 0 && reserved_${arch.arch}(v.regs, op)` : "false"}, len, note, op);`);
  lines.push("}", "");
  return lines.join("\n");
}

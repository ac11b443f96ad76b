// ts/<abi>.stubs.ts: guest stubs, one typed function per call and arch. A stub writes the selector
// (with arg-filled bits), the arguments and any magic registers by the convention, executes the trap
// instruction through the runtime, and reads the status and typed results back from the registers.
import type { Abi, ArchAbi, Call, CallArch, Trap } from "../model.js";
import { placeArgs, readBack, slotOf, statusReadWidth } from "./ts-codec.js";
import { wordBytes } from "./ts-arch.js";
import { abiNames, type AbiNames } from "./ts-names.js";
import type { RawPieces, Statement } from "./ts-print.js";
import { big, docText, jsdoc, key, mask, mergedArgs, mergedResults, str } from "./ts-values.js";

/** The memory image a stub executes: the trap (or its whole sequence) with the operand filled in. */
function trapCode(arch: ArchAbi, t: Trap, ca: CallArch): { bytes: number[]; offset: number } {
  if (t.sequence.length > 0) {
    const bytes: number[] = [];
    let offset = 0;
    for (const s of t.sequence) { if (s.trap) offset = bytes.length; bytes.push(...s.bytes); }
    return { bytes, offset };
  }
  if (t.operand && t.insn !== null) {
    const op = (ca.selector["@operand"] ?? 0n) & mask(t.operand.hi - t.operand.lo + 1);
    return { bytes: wordBytes(t.insn | (op << BigInt(t.operand.lo)), t.bytes.length, arch.endian), offset: 0 };
  }
  return { bytes: [...t.bytes], offset: 0 };
}

/**
 * The module's constants (trap code images, status maps), named in the order the stubs first use
 * them. They are printed before the stubs, which are yielded as they are built: so they are all
 * collected first (stubCode over every stub, in stub order) and then frozen.
 */
class Consts {
  readonly lines: string[] = [];
  private readonly seen = new Map<string, string>();
  private codes = 0;
  private frozen = false;
  freeze(): void { this.frozen = true; }
  private added(name: string): void {
    if (this.frozen) throw new Error(`internal error: stub constant ${name} not collected before the stubs were printed`);
  }
  codeConst(bytes: readonly number[]): string {
    const lit = `new Uint8Array([${bytes.map((b) => `0x${b.toString(16).padStart(2, "0")}`).join(", ")}])`;
    let name = this.seen.get(lit);
    if (!name) { name = `CODE_${this.codes++}`; this.added(name); this.seen.set(lit, name); this.lines.push(`const ${name} = ${lit};`); }
    return name;
  }
  statusConst(abi: Abi, n: AbiNames, width: number): string {
    const name = `STATUS_${width}`;
    if (this.seen.has(name)) return name;
    this.added(name);
    this.seen.set(name, name);
    const entries = new Map<bigint, string>();
    // Several names may share a value (SMCCC_RET_SUCCESS, PSCI_RET_SUCCESS): prefer success, then roles.
    const r = abi.errors.roles;
    const preferred = [abi.errors.success, r.notSupported, r.failed, r.invalidAddress, r.denied].filter((x): x is string => x !== null);
    // A declared alias (XEN_EWOULDBLOCK = XEN_EAGAIN) never names a raw status: its target does.
    const ordered = [...preferred.map((name) => abi.errors.codes.find((c) => c.name === name)!), ...abi.errors.codes].filter((c) => c.aliasOf === null);
    for (const c of ordered) { const v = c.register & mask(width); if (!entries.has(v)) entries.set(v, c.name); }
    const body = [...entries].map(([v, e]) => `[${big(v)}, ${str(e)}]`).join(", ");
    this.lines.push(`const ${name} = new Map<bigint, ${n.errorType}>([${body}]);`);
    return name;
  }
}

/** The parts of a stub that name constants: its trap, the code expression, and the status map (null: no status read). */
function stubCode(abi: Abi, n: AbiNames, arch: ArchAbi, ca: CallArch, consts: Consts) {
  const conv = arch.conventions.find((c) => c.name === ca.convention)!;
  const trap = arch.traps.find((x) => x.name === ca.trap)!;
  const native = trapCode(arch, trap, ca);
  let codeExpr = consts.codeConst(native.bytes);
  const sibling = trap.vendor ? arch.traps.find((x) => x.vendor !== null && x.vendor !== trap.vendor && x.via === trap.via) : undefined;
  if (sibling && sibling.vendor) {
    const alt = trapCode(arch, sibling, ca);
    codeExpr = `vcpu.vendor === ${str(sibling.vendor)} ? ${consts.codeConst(alt.bytes)} : ${codeExpr}`;
  }
  const width = statusReadWidth(arch, conv);
  return { conv, trap, native, codeExpr, status: width === null ? null : consts.statusConst(abi, n, width) };
}

/** Each stub of the ABI on `arch`, in call order. */
function* stubsOn(abi: Abi, arch: ArchAbi): Generator<{ call: Call; ca: CallArch }, void, void> {
  for (const call of abi.calls) for (const ca of call.arches) if (ca.arch === arch.arch) yield { call, ca };
}

function stubFn(abi: Abi, n: AbiNames, arch: ArchAbi, call: Call, ca: CallArch, consts: Consts): string {
  const { conv, trap, native, codeExpr, status } = stubCode(abi, n, arch, ca, consts);
  const args = mergedArgs(call), results = mergedResults(call);
  const t = n.call.get(call.name)!;
  const body: string[] = [`if (vcpu.arch !== ${str(arch.arch)}) throw new Error(${str(`${abi.id}.${call.name}: this stub is for ${arch.arch}, not `)} + vcpu.arch);`, "const r = vcpu.regs;"];
  for (const name of trap.magic) {
    const m = abi.magic.find((x) => x.name === name);
    if (m && m.register !== null) body.push(`r[${slotOf(arch, m.register)}] = ${big(m.value & mask(arch.word))}; // ${name}`);
  }
  body.push(...placeArgs(arch, conv, ca, args));
  body.push(`const outcome = vcpu.hypercall(${codeExpr}, ${native.offset});`);
  const back = readBack(arch, conv, ca, results);
  if (back.raw === null) body.push(`return { outcome, raw: null, status: null, results: ${back.results} };`);
  else {
    body.push(`const raw = ${back.raw};`);
    body.push(`return { outcome, raw, status: ${status}.get(raw) ?? null, results: ${back.results} };`);
  }
  if (!body.slice(2).some((l) => l.includes("r["))) body.splice(1, 1);   // no register traffic: no `r`
  const names = ca.args.map((a) => str(a.name));
  const allRequired = args.length === ca.args.length && args.every((a) => !a.optional);
  const param = ca.args.length === 0 ? "" : `, args: ${allRequired ? t.args : `Required<Pick<${t.args}, ${names.join(" | ")}>>`}`;
  const unknown = call.layout === "unknown" ? " Layout unknown (no cited source shows the register use): `args` and `results` are the raw registers they are named after." : "";
  const doc = docText(`${call.name} on ${arch.arch} (trap ${trap.mnemonic}, convention ${conv.name}). ${call.doc}${unknown}`);
  return `/** ${doc.replace(/\n/g, "\n * ")} */\n${key(call.name)}(vcpu: Vcpu${param}): CallReturn<${t.results}, ${n.errorType}> {\n${body.map((l) => "  " + l).join("\n")}\n}`;
}

/**
 * The module's statements; the stubs object is a raw statement in pieces (one per stub), printed
 * by printPieces as it is built: at 10k calls it is 28 MB.
 */
export function stubStatements(abi: Abi, runtimeImport: string, n: AbiNames = abiNames(abi)): (Statement | RawPieces)[] {
  const consts = new Consts();
  for (const arch of abi.arches) for (const { ca } of stubsOn(abi, arch)) stubCode(abi, n, arch, ca, consts);
  consts.freeze();
  // Import only what the stubs use (the repo compiles generated code with noUnusedLocals).
  const typeNames = [n.errorType, ...abi.calls.filter((c) => c.arches.length > 0).flatMap((c) =>
    c.arches.some((ca) => ca.args.length > 0) ? [n.call.get(c.name)!.args, n.call.get(c.name)!.results] : [n.call.get(c.name)!.results])];
  return [
    { kind: "import", from: runtimeImport, typeOnly: true, names: ["CallReturn", "Vcpu"] },
    { kind: "import", from: `./${abi.id}.js`, typeOnly: true, names: [...new Set(typeNames)] },
    ...consts.lines,
    { kind: "pieces", pieces: stubsObject(abi, n, consts) },
  ];
}

/** `export const <stubs> = { <arch>: { <stub>, ... }, ... };` as exportConst prints it, a piece per stub. */
function* stubsObject(abi: Abi, n: AbiNames, consts: Consts): Generator<string, void, void> {
  yield `${jsdoc(`Guest stubs of ${abi.title}, by arch and call name.`)}export const ${n.stubs} = {\n`;
  let archSep = "";
  for (const arch of abi.arches) {
    yield `${archSep}  ${key(arch.arch)}: {\n`;
    archSep = ",\n";
    let fnSep = "";
    for (const { call, ca } of stubsOn(abi, arch)) {
      // every line, blank ones too, two levels in
      yield `${fnSep}    ${stubFn(abi, n, arch, call, ca, consts).replace(/\n/g, "\n    ")}`;
      fnSep = ",\n";
    }
    yield `${fnSep === "" ? "" : ","}\n  }`;
  }
  yield ",\n};";
}

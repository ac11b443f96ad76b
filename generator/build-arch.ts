// Builds each ArchAbi of the model from a spec's `arches:` entry: resolves `like`, checks traps
// against the ISA, parses selector layouts and conventions, and canonicalizes register names.
import { ARCHES, canonicalRegister, insnBytes, type ArchInfo } from "./arches.js";
import { didYouMeanUnique } from "./suggest.js";
import type { ArchAbi, ArchName, Convention, Mode, Privilege, ResultReg, SelectorPart, SelectorSource, Trap } from "./model.js";
import type { Ctx } from "./context.js";
import { bitWidth, isRaw, maskOf, parseHexBytes, rawList, rawStr, rawStrList, readBits, readValue, type Raw } from "./spec-values.js";

/** Follows `like:` chains; the result has every inherited key. Reports cycles and unknown targets. */
export function resolveArchRaw(ctx: Ctx, arches: Raw, name: string, seen: string[] = []): Raw {
  const raw = arches[name];
  if (!isRaw(raw)) return {};
  const like = raw.like;
  if (typeof like !== "string") return raw;
  if (seen.includes(like) || like === name) {
    ctx.err(["arches", name, "like"], "HC112", `arch '${name}' inherits from itself through 'like: ${like}'`, "remove the cycle");
    return raw;
  }
  if (!isRaw(arches[like])) {
    ctx.err(["arches", name, "like"], "HC112", `'like: ${like}' names an arch this spec does not define`, `define arches.${like} or fix the name`);
    return raw;
  }
  const base = resolveArchRaw(ctx, arches, like, [...seen, name]);
  const { like: _ignored, ...own } = raw;
  void _ignored;
  return { ...base, ...own };
}

export function buildArch(ctx: Ctx, name: ArchName, raw: Raw, filePrivilege: Privilege, magicNames: ReadonlySet<string>): ArchAbi {
  const info = ARCHES.get(name)!;
  const at = (...p: (string | number)[]) => ["arches", name, ...p];
  if (raw.word !== undefined && Number(raw.word) !== info.word) {
    ctx.err(at("word"), "HC114", `${name} is a ${info.word}-bit arch, but the spec says word: ${String(raw.word)}`, `remove 'word' or set it to ${info.word}`);
  }
  if (raw.endian !== undefined && raw.endian !== info.endian) {
    ctx.err(at("endian"), "HC114", `${name} is ${info.endian}-endian, but the spec says endian: ${String(raw.endian)}`,
      `use the arch of the other byte order (e.g. ppc64 vs ppc64le), or remove 'endian'`);
  }
  const traps = rawList(raw.traps).map((t, i) => buildTrap(ctx, info, t as Raw, at("traps", i), magicNames));
  if (traps.length === 0) ctx.err(at(), "HC112", `arch '${name}' has no traps`, "add `traps:` with at least one instruction");
  const names = new Set<string>();
  traps.forEach((t, i) => {
    if (names.has(t.name)) ctx.err(at("traps", i, "name"), "HC111", `trap name '${t.name}' is used twice on ${name}`, "give each trap its own name");
    names.add(t.name);
  });
  const hasOperand = traps.some((t) => t.operand !== null);
  const base = buildConvention(ctx, info, "default", raw, at(), hasOperand);
  const conventions: Convention[] = [base];
  const named = isRaw(raw.conventions) ? raw.conventions : {};
  for (const cname of Object.keys(named).sort()) {
    const c = named[cname] as Raw;
    conventions.push(buildConvention(ctx, info, cname, { ...raw, ...c }, at("conventions", cname), hasOperand, c));
  }
  let otherVendor: ArchAbi["otherVendor"] = null;
  if (raw.other_vendor === "patch") otherVendor = { kind: "patch" };
  else if (isRaw(raw.other_vendor)) otherVendor = { kind: "fault", fault: rawStr(raw.other_vendor.fault) };
  return {
    arch: name, word: info.word, endian: info.endian, registers: info.registers, traps, otherVendor,
    pairOrder: raw.pair_order === "low-first" ? "low-first" : "high-first",
    conventions,
    privilege: isRaw(raw.privilege) ? readPrivilege(raw.privilege) : filePrivilege,
    magic: [], // filled by the model builder from magic[].arches
    cite: rawStrList(raw.cite),
  };
}

export function readPrivilege(raw: Raw): Privilege {
  const o = isRaw(raw.otherwise) ? raw.otherwise : {};
  const otherwise: Privilege["otherwise"] = typeof o.error === "string" ? { kind: "error", error: o.error }
    : typeof o.fault === "string" ? { kind: "fault", fault: o.fault }
    : { kind: "reflect", to: (rawStr(o.reflect, "kernel") as Mode) };
  return { allowed: rawStrList(raw.allowed) as Mode[], otherwise };
}

/** Bytes per call in a hypercall page at most: 64 KiB, above any page size of the supported arches. */
export const MAX_TRAP_STRIDE = 65536;

function buildTrap(ctx: Ctx, info: ArchInfo, raw: Raw, path: (string | number)[], magicNames: ReadonlySet<string>): Trap {
  const fail = (p: (string | number)[], msg: string, hint: string) => ctx.err(p, "HC109", msg, hint);
  let insn: bigint | null = null;
  let bytes: Uint8Array = new Uint8Array();
  const sequence: Trap["sequence"][number][] = [];
  const operand = raw.operand !== undefined && isRaw(raw.operand) ? readBits(raw.operand.bits) : null;
  const wordFits = (v: bigint, p: (string | number)[]): boolean => {
    if (info.insnBits === 0) { fail(p, `${info.name} instructions are variable-length bytes; 'insn' cannot be used`, "write the exact bytes instead: bytes: \"0f 01 c1\""); return false; }
    if (v < 0n || v >= 1n << BigInt(info.insnBits)) {
      fail(p, `instruction word 0x${v.toString(16)} does not fit in ${info.insnBits} bits on ${info.name}`, "check the encoding; give the instruction word, not a byte sequence"); return false;
    }
    return true;
  };
  if (raw.insn !== undefined) {
    const v = readValue(raw.insn)?.value ?? 0n;
    if (wordFits(v, [...path, "insn"])) { insn = v; bytes = insnBytes(info, v); }
  } else if (typeof raw.bytes === "string") {
    bytes = parseHexBytes(raw.bytes);
  } else if (Array.isArray(raw.sequence)) {
    raw.sequence.forEach((s, i) => {
      const r = s as Raw;
      const v = readValue(r.insn)?.value ?? 0n;
      if (!wordFits(v, [...path, "sequence", i, "insn"])) return;
      const b = insnBytes(info, v);
      sequence.push({ mnemonic: rawStr(r.mnemonic), insn: v, bytes: b, trap: r.trap === true });
    });
    const trapping = sequence.filter((s) => s.trap);
    if (trapping.length !== 1) fail([...path, "sequence"], `a sequence needs exactly one instruction with 'trap: true' (found ${trapping.length})`, "mark the instruction that traps to the hypervisor");
    else { insn = trapping[0]!.insn; bytes = trapping[0]!.bytes; }
  }
  if (bytes.length > 0 && !info.insnLengths.includes(bytes.length)) {
    fail([...path, raw.bytes !== undefined ? "bytes" : "insn"], `a ${bytes.length}-byte trap does not fit ${info.name}, whose instructions are ${info.insnLengths.length > 4 ? `${info.insnLengths[0]}-${info.insnLengths[info.insnLengths.length - 1]}` : info.insnLengths.join(" or ")} bytes long`,
      "check the encoding against an assembler");
  }
  if (operand && insn !== null) {
    if (operand.hi >= info.insnBits) fail([...path, "operand", "bits"], `operand bits ${operand.hi}:${operand.lo} lie outside the ${info.insnBits}-bit instruction`, "count bits from 0 at the least significant end");
    else if ((insn & maskOf(operand)) !== 0n) fail([...path, "insn"], `the instruction word has bits set inside its operand field ${operand.hi}:${operand.lo}`, "give the instruction word with the operand bits zero");
  }
  let stride: number | null = null;
  if (typeof raw.stride === "bigint") {
    // Kept as a JS number in the model (docs, TS tables), so bounded here: never rounded past 2^53.
    if (raw.stride > BigInt(MAX_TRAP_STRIDE)) {
      fail([...path, "stride"], `stride ${raw.stride} bytes is above hcgen's limit of ${MAX_TRAP_STRIDE} bytes`,
        "give the size of one call's stub in the hypercall page (Xen's is 32 bytes); a page holds one stub per call");
    } else stride = Number(raw.stride);
  }
  const magic = rawStrList(raw.magic);
  magic.forEach((m, i) => { if (!magicNames.has(m)) ctx.err([...path, "magic", i], "HC112", `unknown magic value '${m}'`, "define it under `magic:`"); });
  return {
    name: rawStr(raw.name), mnemonic: rawStr(raw.mnemonic), bytes, insn, operand, sequence,
    vendor: (raw.vendor as Trap["vendor"]) ?? null, conduit: (raw.conduit as Trap["conduit"]) ?? null,
    mode: (raw.mode as Mode) ?? null, via: raw.via === "page" ? "page" : "insn",
    stride, magic,
  };
}

function reg(ctx: Ctx, info: ArchInfo, name: string, path: (string | number)[], allowSpecial = false): string {
  const c = canonicalRegister(info, name);
  if (c) return c;
  if (allowSpecial && info.special.includes(name)) return name;
  const sample = info.registers.length > 6 ? `${info.registers.slice(0, 6).join(", ")}, ...` : info.registers.join(", ");
  ctx.err(path, "HC104", `register '${name}' does not exist on ${info.name}${didYouMeanUnique(name, allowSpecial ? [...info.registers, ...info.special] : info.registers)}`,
    `${info.name} general-purpose registers are ${sample}${allowSpecial && info.special.length ? `; clobbers may also name ${info.special.join(", ")}` : ""}`);
  return name;
}

function buildConvention(ctx: Ctx, info: ArchInfo, name: string, raw: Raw, path: (string | number)[], hasOperand: boolean, own?: Raw): Convention {
  // Report problems at the convention's own keys when it overrides them, else at the arch's.
  const keyPath = (k: string) => (own && own[k] !== undefined ? [...path, k] : name === "default" ? [...path, k] : [...path.slice(0, 2), k]);
  const select = buildSelect(ctx, info, raw.select, keyPath("select"), hasOperand);
  const args = rawStrList(raw.args).map((r, i) => reg(ctx, info, r, [...keyPath("args"), i]));
  const results: ResultReg[] = rawList(raw.results).map((r, i) => {
    const rr = r as Raw;
    const bits = rr.bits !== undefined ? readBits(rr.bits) : null;
    if (bits && bits.hi >= info.word) ctx.err([...keyPath("results"), i, "bits"], "HC115", `bits ${bits.hi}:${bits.lo} exceed the ${info.word}-bit register`, "count bits from 0");
    return { name: rawStr(rr.name), register: reg(ctx, info, rawStr(rr.register), [...keyPath("results"), i, "register"]), status: rr.status === true, bits };
  });
  const clobbers = rawStrList(raw.clobbers).map((r, i) => reg(ctx, info, r, [...keyPath("clobbers"), i], true));
  const preserves = Array.isArray(raw.preserves) ? rawStrList(raw.preserves).map((r, i) => reg(ctx, info, r, [...keyPath("preserves"), i])) : "all" as const;
  if (select.length === 0) ctx.err(keyPath("select"), "HC113", `convention '${name}' on ${info.name} has no 'select': calls cannot be told apart`, "add select: { <register>: <field> }");
  return { name, select, args, results, clobbers, preserves };
}

function buildSelect(ctx: Ctx, info: ArchInfo, raw: unknown, path: (string | number)[], hasOperand: boolean): SelectorSource[] {
  if (!isRaw(raw)) return [];
  const out: SelectorSource[] = [];
  for (const [src, layout] of Object.entries(raw)) {
    let source = src;
    let width = info.word;
    if (src === "@operand") {
      if (!hasOperand) ctx.err([...path, src], "HC112", "'@operand' is used but no trap of this arch declares an operand", "add operand: { bits: \"hi:lo\" } to the trap");
      width = 64;
    } else source = reg(ctx, info, src, [...path, src]);
    const parts: SelectorPart[] = [];
    if (typeof layout === "string") parts.push({ kind: "field", hi: width - 1, lo: 0, field: layout });
    else rawList(layout).forEach((p, i) => {
      const pr = p as Raw;
      const bits = readBits(pr.bits);
      if (!bits || bits.hi >= width) {
        ctx.err([...path, src, i, "bits"], "HC115", `bits '${String(pr.bits)}' do not fit the ${width}-bit ${src}`, "write \"hi:lo\" with hi < register width");
        return;
      }
      const clash = parts.find((q) => q.lo <= bits.hi && bits.lo <= q.hi);
      if (clash) ctx.err([...path, src, i, "bits"], "HC115", `bits ${bits.hi}:${bits.lo} overlap bits ${clash.hi}:${clash.lo} of ${src}`, "each bit belongs to one part");
      if (typeof pr.field === "string") parts.push({ kind: "field", ...bits, field: pr.field });
      else if (typeof pr.arg === "string") {
        // The operand is part of the instruction: a stub cannot put a run-time argument there.
        if (src === "@operand") ctx.err([...path, src, i, "arg"], "HC120", `an argument cannot fill trap operand bits: the operand is encoded in the instruction`, "use a field (a constant per call) or a register");
        parts.push({ kind: "arg", ...bits, arg: pr.arg });
      }
      else {
        const v = readValue(pr.const)?.value ?? 0n;
        if (v < 0n || v >= 1n << BigInt(bitWidth(bits))) ctx.err([...path, src, i, "const"], "HC102", `constant ${v} does not fit in ${bitWidth(bits)} bits`, "check the constant or the bit range");
        parts.push({ kind: "const", ...bits, value: v });
      }
    });
    parts.sort((a, b) => b.lo - a.lo);
    out.push({ source, parts });
  }
  return out;
}

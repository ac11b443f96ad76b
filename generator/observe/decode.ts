// Decodes one trapped hypercall from register values using the model: the selector registers pick
// the call (the most specific match wins: an SBI call that sets a7 and a6 beats a legacy one that
// only sets a7), arguments come from the call's argument registers, and the status register is
// looked up in the error table. Nothing is guessed: no match prints the selector values as unknown.
import type { Abi, ArchAbi, Arg, Call, CallArch, ResultReg, SelectorPart } from "../model.js";
import { identityKey } from "../evolution/identity.js";

export type Regs = ReadonlyMap<string, bigint>;

export interface DecodedArg { readonly name: string; readonly type: string; readonly value: bigint; readonly text: string }
export interface Decoded {
  readonly abi: Abi;
  readonly arch: ArchAbi;
  readonly call: Call | null;
  readonly callArch: CallArch | null;
  readonly args: readonly DecodedArg[];
  /** The selector register values (for unknown calls and for the record). */
  readonly selector: ReadonlyMap<string, bigint>;
}
export interface DecodedResult { readonly status: string | null; readonly values: readonly DecodedArg[] }

const mask = (hi: number, lo: number) => ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
const wordMask = (word: number) => (1n << BigInt(word)) - 1n;

function partsOf(arch: ArchAbi, convention: string, source: string): readonly SelectorPart[] {
  const conv = arch.conventions.find((c) => c.name === convention) ?? arch.conventions[0];
  return conv?.select.find((s) => s.source === source)?.parts ?? [];
}

/** Bits of each selector register that identify the call (fields and constants, not arg-filled bits). */
function matchBits(arch: ArchAbi, ca: CallArch): { source: string; mask: bigint }[] {
  return Object.keys(ca.selector).map((source) => {
    let m = 0n;
    for (const p of partsOf(arch, ca.convention, source)) if (p.kind !== "arg") m |= mask(p.hi, p.lo);
    return { source, mask: m & wordMask(arch.word) };
  });
}

const popcount = (x: bigint) => { let n = 0; for (; x; x >>= 1n) n += Number(x & 1n); return n; };

interface Candidate {
  readonly call: Call; readonly ca: CallArch;
  readonly checks: readonly { readonly source: string; readonly mask: bigint; readonly want: bigint }[];
  readonly score: number;
}
/** Per (ABI, arch): each call's selector bits, masks and score, computed once (decode runs per log line). */
const candidatesCache = new WeakMap<Abi, Map<string, readonly Candidate[]>>();
function candidates(abi: Abi, arch: ArchAbi): readonly Candidate[] {
  let byArch = candidatesCache.get(abi);
  if (!byArch) candidatesCache.set(abi, (byArch = new Map()));
  let list = byArch.get(arch.arch);
  if (list) return list;
  list = abi.calls.flatMap((call) => {
    const ca = call.arches.find((x) => x.arch === arch.arch);
    if (!ca) return [];
    const checks = matchBits(arch, ca).map(({ source, mask: m }) => ({ source, mask: m, want: ca.selector[source]! & m }));
    // Removed calls still decode (old guests make them), but a live call with the same bits wins.
    const score = checks.reduce((n, c) => n + popcount(c.mask), 0) - (call.lifecycle.removed ? 0.5 : 0);
    return [{ call, ca, checks, score }];
  });
  byArch.set(arch.arch, list);
  return list;
}

function lookup(abi: Abi, arch: ArchAbi, regs: Regs): { call: Call; ca: CallArch } | null {
  let best: Candidate | null = null;
  outer: for (const c of candidates(abi, arch)) {
    for (const k of c.checks) {
      const v = regs.get(k.source);
      if (v === undefined || (v & k.mask) !== k.want) continue outer;
    }
    if (!best || c.score > best.score) best = c;
  }
  return best;
}

function signed(v: bigint, bits: number): bigint {
  const m = (1n << BigInt(bits)) - 1n;
  const x = v & m;
  return x >> BigInt(bits - 1) ? x - (1n << BigInt(bits)) : x;
}

function typeBits(type: string, word: number): { bits: number; signed: boolean } {
  const m = /^([ui])(8|16|32|64)$/.exec(type);
  if (m) return { bits: Number(m[2]), signed: m[1] === "i" };
  if (type === "bool") return { bits: 8, signed: false };
  return { bits: word, signed: type === "long" };
}

/** Formats a value by its type: signed decimal, bool, hex addresses, small unsigned in decimal. */
export function formatValue(type: string, raw: bigint, word: number): { value: bigint; text: string } {
  const t = typeBits(type, word);
  if (t.signed) {
    // Error codes and counts read best in decimal; IDs and masks (SBI EIDs are `long`) in hex.
    const v = signed(raw, t.bits);
    const mag = v < 0n ? -v : v;
    return { value: v, text: mag > 0xffffn ? `${v < 0n ? "-" : ""}0x${mag.toString(16)}` : v.toString() };
  }
  const v = raw & ((1n << BigInt(t.bits)) - 1n);
  if (type === "bool") return { value: v, text: v ? "true" : "false" };
  const addr = type === "gpa" || type === "gva" || type === "ptr";
  return { value: v, text: addr || v > 9n ? `0x${v.toString(16)}` : v.toString() };
}

function readArg(arch: ArchAbi, ca: CallArch, arg: Arg, regs: Regs): DecodedArg | null {
  const names = ca.argRegs[arg.name] ?? [];
  let raw: bigint;
  if (names.length === 0) {
    // Placed in selector bits (Hyper-V rep count/start): read them from the selector register.
    const found = Object.keys(ca.selector).flatMap((s) => partsOf(arch, ca.convention, s).filter((p) => p.kind === "arg" && p.arg === arg.name).map((p) => ({ s, p })))[0];
    if (!found) return null;
    const v = regs.get(found.s);
    if (v === undefined) return null;
    raw = (v & mask(found.p.hi, found.p.lo)) >> BigInt(found.p.lo);
  } else {
    const vals = names.map((r) => regs.get(r));
    if (vals.some((v) => v === undefined)) return null;
    const w = BigInt(arch.word), wm = wordMask(arch.word);
    // argRegs lists a pair in pair order; the first one is the high half for high-first arches.
    raw = vals.length === 1 ? vals[0]! & wm
      : arch.pairOrder === "high-first" ? ((vals[0]! & wm) << w) | (vals[1]! & wm) : ((vals[1]! & wm) << w) | (vals[0]! & wm);
  }
  const f = formatValue(arg.type, raw, arch.word);
  return { name: arg.name, type: arg.type, value: f.value, text: f.text };
}

export function decodeCall(abi: Abi, arch: ArchAbi, regs: Regs): Decoded {
  const hit = lookup(abi, arch, regs);
  const sources = arch.conventions[0]?.select.map((s) => s.source) ?? [];
  const selector = new Map<string, bigint>();
  for (const s of hit ? Object.keys(hit.ca.selector) : sources) { const v = regs.get(s); if (v !== undefined) selector.set(s, v & wordMask(arch.word)); }
  if (!hit) return { abi, arch, call: null, callArch: null, args: [], selector };
  const args = hit.ca.args.map((a) => readArg(arch, hit.ca, a, regs)).filter((a): a is DecodedArg => a !== null);
  return { abi, arch, call: hit.call, callArch: hit.ca, args, selector };
}

function readResult(r: ResultReg, regs: Regs, word: number): bigint | null {
  const v = regs.get(r.register);
  if (v === undefined) return null;
  const x = v & wordMask(word);
  return r.bits ? (x & mask(r.bits.hi, r.bits.lo)) >> BigInt(r.bits.lo) : x;
}

/** The error name for a status value, comparing at the register's (or bit field's) width. */
export function statusName(abi: Abi, r: ResultReg, value: bigint, word: number): string | null {
  const width = r.bits ? r.bits.hi - r.bits.lo + 1 : word;
  const m = (1n << BigInt(width)) - 1n;
  return abi.errors.codes.find((e) => e.aliasOf === null && (e.register & m) === (value & m))?.name ?? null;
}

/** Reads the status and result values after the call returned. */
export function decodeResult(d: Decoded, after: Regs): DecodedResult {
  const word = d.arch.word;
  const results = d.callArch?.results ?? d.arch.conventions[0]?.results ?? [];
  let status: string | null = null;
  const st = results.find((r) => r.status);
  if (st) {
    const v = readResult(st, after, word);
    if (v !== null) {
      const name = statusName(d.abi, st, v, word);
      status = name ?? `${st.name}=${formatValue("long", v, st.bits ? 64 : word).text}`;
    }
  }
  const values: DecodedArg[] = [];
  for (const rv of d.callArch?.resultValues ?? []) {
    const reg = d.callArch!.resultRegs[rv.name];
    if (!reg || reg.status) continue;
    const v = readResult(reg, after, word);
    if (v === null) continue;
    const f = formatValue(rv.type, v, word);
    // A value register that may carry a negative error instead (PSCI_VERSION, SMCCC_VERSION): name it.
    const err = reg.bits ? null : d.abi.errors.codes.find((e) => e.aliasOf === null && e.value < 0n && (e.register & wordMask(word)) === v);
    values.push({ name: rv.name, type: rv.type, value: f.value, text: err ? `${f.text} (${err.name})` : f.text });
  }
  return { status, values };
}

/** `labels` renames selector registers for unknown calls (ftrace's `nr` for rax). */
export function formatDecoded(d: Decoded, labels: Readonly<Record<string, string>> = {}): string {
  if (!d.call) {
    const sel = [...d.selector].map(([r, v]) => `${labels[r] ?? r}=0x${v.toString(16)}`).join(" ");
    return `unknown hypercall ${sel || "(no selector registers)"} [${d.abi.id} ${d.arch.arch}]`;
  }
  const id = identityKey(d.abi, d.callArch!.id);
  return `${d.call.name}(${d.args.map((a) => `${a.name}=${a.text}`).join(", ")}) [${d.abi.id} ${d.arch.arch} ${id}]`;
}

export function formatResult(r: DecodedResult): string {
  // Conventions without a status register (SMCCC `value`) show only their values.
  const parts = [...(r.status !== null ? [r.status] : []), ...r.values.map((v) => `${v.name}=${v.text}`)];
  return `-> ${parts.join(" ") || "(no result registers)"}`;
}

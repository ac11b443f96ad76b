// Parses real log formats into hypercall events for `hcgen decode`:
//  - Linux ftrace / trace-cmd `kvm_hypercall` (arch/x86/kvm/trace.h:
//    "nr 0x%lx a0 0x%lx a1 0x%lx a2 0x%lx a3 0x%lx") and `kvm_hv_hypercall`
//    ("code 0x%x %s cnt 0x%x idx 0x%x in 0x%llx out 0x%llx"), recorded at the hypercall's entry;
//  - `kvm_exit` lines (the exit reason; VMCALL/vmmcall/HVC/SMC exits are marked as hypercalls);
//  - register dumps: `name=value` pairs (`rax=0xc rbx=...`, QEMU x86 `RAX=000000000000000c`) and
//    QEMU `info registers` blocks (` x17/a7   0000000000000010`), one event per block;
//  - JSON lines: {"abi": ID, "arch": A, "regs": {...}, "after": {...}} (values numbers or strings).
import { ARCHES } from "../arches.js";

export type LogEvent =
  | { readonly kind: "regs"; readonly line: number; readonly regs: Map<string, bigint>; readonly after: Map<string, bigint> | null;
      readonly abi: string | null; readonly arch: string | null; readonly labels: Readonly<Record<string, string>>; readonly text?: string }
  | { readonly kind: "exit"; readonly line: number; readonly reason: string; readonly rip: string | null; readonly hypercall: boolean }
  /**
   * A KVM tracepoint, in the tracepoint's own terms: the call number, the arguments in order, values the
   * convention packs into selector bits (by argument name) and the convention. Which registers they sit
   * in is the spec's fact, so tracepoint.ts places them with the model rather than this parser.
   */
  | { readonly kind: "tracepoint"; readonly line: number; readonly abi: string; readonly arch: string; readonly convention: string;
      readonly number: bigint; readonly label: string; readonly args: readonly bigint[]; readonly packed: Readonly<Record<string, bigint>> }
  | { readonly kind: "bad"; readonly line: number; readonly message: string };

/** Every register name and alias any arch has (lower case), so random `key=value` text is ignored. */
const KNOWN = new Set<string>(["pc", "rip", "eip"]);
for (const a of ARCHES.values()) { for (const r of a.registers) KNOWN.add(r); for (const k of Object.keys(a.aliases)) KNOWN.add(k); }

export function parseNumber(s: string): bigint | null {
  const t = s.trim();
  if (/^-?0x[0-9a-f]+$/i.test(t)) return t.startsWith("-") ? -BigInt(t.slice(1)) : BigInt(t);
  if (/^[0-9a-f]{8}$|^[0-9a-f]{16}$/i.test(t) || /^[0-9a-f]*[a-f][0-9a-f]*$/i.test(t)) return BigInt(`0x${t}`);
  if (/^-?\d+$/.test(t)) return BigInt(t);
  return null;
}

/** "x10/a0" -> "a0" (QEMU prints both names; the ABI name is what specs use). */
function regName(raw: string): string | null {
  const parts = raw.toLowerCase().split("/");
  for (const p of [...parts].reverse()) if (KNOWN.has(p)) return p;
  return null;
}

const HYPERCALL = "kvm_hypercall: nr ";
const HYPERCALL_RE = /kvm_hypercall:\s+nr (0x[0-9a-f]+) a0 (0x[0-9a-f]+) a1 (0x[0-9a-f]+) a2 (0x[0-9a-f]+) a3 (0x[0-9a-f]+)/i;
const HV_RE = /kvm_hv_hypercall:\s+code (0x[0-9a-f]+) (fast|slow) cnt (0x[0-9a-f]+) idx (0x[0-9a-f]+) in (0x[0-9a-f]+) out (0x[0-9a-f]+)/i;
const EXIT_RE = /kvm_exit:\s+(?:vcpu \d+ )?reason (\S+)(?: [A-Z_ ]+?)? rip (0x[0-9a-f]+)/i;
const ARM_EXIT_RE = /kvm_exit:\s+(\w+): HSR_EC: (0x[0-9a-f]+) \(([^)]+)\), PC: (0x[0-9a-f]+)/i;
const PAIR_RE = /\b([A-Za-z][A-Za-z0-9]*(?:\/[A-Za-z][A-Za-z0-9]*)?)\s*=\s*(-?0x[0-9a-fA-F]+|-?[0-9a-fA-F]+)\b/g;
const QEMU_RE = /(?:^|\s)((?:x\d{1,2}\/)?[a-z][a-z0-9]*)\s+([0-9a-f]{16}|[0-9a-f]{8})(?=\s|$)/g;

const HYPERCALL_EXIT = /^(VMCALL|vmmcall|VMMCALL|HYPERCALL)$/;

function pairs(text: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const re of [PAIR_RE, QEMU_RE]) {
    for (const m of text.matchAll(re)) {
      const name = regName(m[1]!);
      const v = parseNumber(m[2]!);
      if (name !== null && v !== null && !out.has(name)) out.set(name, v);
    }
  }
  return out;
}

/** Register values are at most 64 bits: a wider number in a log is an error for its line, never wrapped into a call. */
const MIN64 = -(1n << 63n), LIMIT64 = 1n << 64n;
const fits64 = (v: bigint): boolean => v >= MIN64 && v < LIMIT64;
const tooWide = (line: number, name: string, v: bigint): LogEvent =>
  ({ kind: "bad", line, message: `${name}=${v < 0n ? "-" : ""}0x${(v < 0n ? -v : v).toString(16)} is wider than 64 bits: no register holds it (a corrupt or mis-parsed log line)` });

/** Registers of a JSON object, null when a value is not a number; a too-wide value is reported by name. */
function jsonRegs(v: unknown): Map<string, bigint> | { wide: string; value: bigint } | null {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return null;
  const out = new Map<string, bigint>();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const n = typeof x === "number" && Number.isSafeInteger(x) ? BigInt(x) : typeof x === "string" ? parseNumber(x) : null;
    if (n === null) return null;
    if (!fits64(n)) return { wide: k, value: n };
    out.set(regName(k) ?? k.toLowerCase(), n);
  }
  return out;
}

function parseJson(text: string, line: number): LogEvent {
  let o: Record<string, unknown>;
  try { o = JSON.parse(text) as Record<string, unknown>; } catch (e) { return { kind: "bad", line, message: `invalid JSON: ${(e as Error).message}` }; }
  const regs = jsonRegs(o?.regs);
  if (!regs) return { kind: "bad", line, message: 'expected {"regs": {"a7": "0x10", ...}} with numeric or "0x.." values' };
  if (!(regs instanceof Map)) return tooWide(line, `regs.${regs.wide}`, regs.value);
  const after = o.after === undefined ? null : jsonRegs(o.after);
  if (after !== null && !(after instanceof Map)) return tooWide(line, `after.${after.wide}`, after.value);
  return { kind: "regs", line, regs, after, abi: typeof o.abi === "string" ? o.abi : null, arch: typeof o.arch === "string" ? o.arch : null, labels: {} };
}

/**
 * Parses a log line by line (`hcgen decode` streams it): each completed event goes to `emit`. A
 * register dump may span lines (QEMU `info registers`), so it is emitted when a line that is not
 * part of it arrives, or at `end()`.
 */
export class LogParser {
  private block: { start: number; regs: Map<string, bigint> } | null = null;
  constructor(private readonly emit: (e: LogEvent) => void) {}

  private flush(): void {
    const b = this.block;
    if (b && b.regs.size >= 2) this.emit({ kind: "regs", line: b.start, regs: b.regs, after: null, abi: null, arch: null, labels: {} });
    this.block = null;
  }

  /** A line that could not be looked at (over the length cap): it ends a dump block. */
  skip(line: number, message: string): void {
    this.flush();
    this.emit({ kind: "bad", line, message });
  }

  line(raw: string, line: number): void {
    const t = raw.trim();
    let m: RegExpExecArray | null;
    if (t.startsWith("{")) { this.flush(); this.emit(parseJson(t, line)); return; }
    if (t.includes(HYPERCALL) && (m = HYPERCALL_RE.exec(t))) {
      this.flush();
      // x86 KVM's kvm_emulate_hypercall: the number and the first four arguments of the kvm-x86 ABI.
      const [nr, ...args] = m.slice(1).map((x) => BigInt(x));
      const wide = [nr!, ...args].findIndex((v) => !fits64(v));
      if (wide >= 0) { this.emit(tooWide(line, wide === 0 ? "nr" : `a${wide - 1}`, wide === 0 ? nr! : args[wide - 1]!)); return; }
      this.emit({ kind: "tracepoint", line, abi: "kvm-x86", arch: "x86_64", convention: "default", number: nr!, label: "nr", args, packed: {} });
      return;
    }
    if (t.includes("kvm_hv_hypercall") && (m = HV_RE.exec(t))) {
      this.flush();
      // Hyper-V: call code, fast or memory form, rep count and start (packed into the control word by the
      // spec's selector layout), and the input/output values or GPAs.
      const names = ["code", "", "cnt", "idx", "in", "out"];
      for (let i = 0; i < names.length; i++) {
        if (i === 1) continue;
        const v = BigInt(m[i + 1]!);
        if (!fits64(v)) { this.emit(tooWide(line, names[i]!, v)); return; }
      }
      this.emit({ kind: "tracepoint", line, abi: "hyperv", arch: "x86_64", convention: m[2] === "fast" ? "fast" : "default",
        number: BigInt(m[1]!), label: "code", args: [BigInt(m[5]!), BigInt(m[6]!)], packed: { rep_count: BigInt(m[3]!), rep_start: BigInt(m[4]!) } });
      return;
    }
    if (t.includes("kvm_exit")) {
      if ((m = EXIT_RE.exec(t))) { this.flush(); this.emit({ kind: "exit", line, reason: m[1]!, rip: m[2]!, hypercall: HYPERCALL_EXIT.test(m[1]!) }); return; }
      if ((m = ARM_EXIT_RE.exec(t))) { this.flush(); this.emit({ kind: "exit", line, reason: `${m[1]} ${m[3]}`, rip: m[4]!, hypercall: /^(HVC|SMC)/.test(m[3]!) }); return; }
    }
    const found = pairs(t);
    if (found.size === 0) { this.flush(); return; }
    for (const [k, v] of found) if (!fits64(v)) { this.flush(); this.emit(tooWide(line, k, v)); return; }
    const b = this.block ?? { start: line, regs: new Map<string, bigint>() };
    for (const k of found.keys()) if (b.regs.has(k)) { this.flush(); this.block = { start: line, regs: found }; return; }
    for (const [k, v] of found) b.regs.set(k, v);
    this.block = b;
  }

  end(): void { this.flush(); }
}

/** Parses a whole log. Lines that are none of the formats are skipped. */
export function parseLog(text: string): LogEvent[] {
  const out: LogEvent[] = [];
  const p = new LogParser((e) => out.push(e));
  text.split(/\r?\n/).forEach((raw, i) => p.line(raw, i + 1));
  p.end();
  return out;
}

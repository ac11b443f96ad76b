// A machine: guest memory, vCPUs, the ABIs it serves (tried in declared order), a per-machine handler
// registry, optional tracing and an optional outer machine for nested forwarding.
import { compileAbi, fieldValues, lookup, matchTrap, operandOf, RUN_OK, type CompiledAbi, type CompiledCall, type CompiledTrap } from "./compile.js";
import { syncResult } from "./handler-result.js";
import { loadDispatcher, PENDING_GENERAL, type DispatchHost, type Dispatcher } from "./dispatch.js";
import { GuestAddressError, GuestMemory, PAGE_SIZE } from "./memory.js";
import { NOT_HYPERCALL, type RuntimeReason, type StepResult } from "./outcome.js";
import { resolveCall } from "./registry.js";
import type { TraceEvent, Tracer } from "./trace.js";
import type { AbiTable, AnyHandler, ArchName, CallNames, ConventionEntry, HandlerFor } from "./types.js";
import { Vcpu, type TrapExecutor, type VcpuOptions } from "./vcpu.js";

export interface MachineOptions {
  /** ABIs in the order a trap is offered to them. */
  readonly abis: readonly AbiTable<any, any>[];
  /** Guest-physical memory size in bytes (default 4 GiB). */
  readonly memorySize?: number;
  /** Calls no handler here answers go to this machine (an L1 hypervisor forwarding to L0). */
  readonly outer?: Machine;
  /** Where handler failures are reported (default console.error). */
  readonly log?: (message: string, error: unknown) => void;
}

interface CompiledArch {
  readonly abis: readonly CompiledAbi[];
  /** Per ABI (same order): its generated dispatcher, or null for the general path. */
  readonly dispatchers: readonly (Dispatcher | null)[];
  /** dispatchers[0] when there is one: Machine.step's hot path. */
  readonly first: Dispatcher | null;
  readonly maxTrapLen: number;
}

type Role = "notSupported" | "failed" | "invalidAddress" | "denied";
/** When an ABI names no error for a role, the next role in its chain answers (documented in README). */
const ROLE_CHAIN: Readonly<Record<Role, readonly Role[]>> = {
  notSupported: ["notSupported"],
  denied: ["denied", "notSupported"],
  failed: ["failed", "notSupported"],
  invalidAddress: ["invalidAddress", "failed", "notSupported"],
};
const ZERO_PAGE = new Uint8Array(PAGE_SIZE);

/** The guest page at `base` (ZERO_PAGE when none is allocated), kept in v's fetch cache when it lies wholly in memory. */
function fetchPage(v: Vcpu, base: number): Uint8Array {
  const page = v.mem.page(base, false);
  if (page === undefined) return ZERO_PAGE;   // not cached: a later write allocates the page
  if (base + PAGE_SIZE <= v.mem.size) { v.codePage = page; v.codeBase = base; }
  return page;
}

export class Machine implements TrapExecutor, DispatchHost {
  readonly mem: GuestMemory;
  readonly abis: readonly AbiTable<any, any>[];
  readonly outer: Machine | null;
  /** Receives every decoded call; null (the default) costs one comparison per call. */
  tracer: Tracer | null = null;
  private readonly handlers = new Map<string, Map<string, AnyHandler>>();
  private readonly compiled = new Map<ArchName, CompiledArch>();
  readonly log: (message: string, error: unknown) => void;

  constructor(opts: MachineOptions) {
    const ids = new Set<string>();
    for (const a of opts.abis) {
      if (ids.has(a.id)) throw new Error(`ABI '${a.id}' is listed twice`);
      ids.add(a.id);
      this.handlers.set(a.id, new Map());
    }
    this.abis = opts.abis;
    this.mem = new GuestMemory(opts.memorySize);
    this.outer = opts.outer ?? null;
    this.log = opts.log ?? ((m, e) => console.error(m, e));
  }

  createVcpu(arch: ArchName, opts: VcpuOptions = {}): Vcpu {
    const t = this.abis.map((a) => a.arches[arch]).find((x) => x !== undefined);
    if (t === undefined) throw new Error(`no ABI of this machine supports ${arch} (ABIs: ${this.abis.map((a) => a.id).join(", ")})`);
    this.archOf(arch);
    return new Vcpu(this, arch, t.word, t.endian, t.registers, this.mem, opts);
  }

  /** Registers a handler for a call by name (typed) or by identity fields / number. */
  registerHypercall<T extends AbiTable<any, any>, K extends CallNames<T>>(abi: T, call: K, handler: HandlerFor<T, K>): void;
  registerHypercall(abi: AbiTable<any, any>, call: Readonly<Record<string, bigint>> | bigint, handler: AnyHandler): void;
  registerHypercall(abi: AbiTable<any, any>, call: string | Readonly<Record<string, bigint>> | bigint, handler: AnyHandler): void {
    const map = this.registryOf(abi);
    const name = resolveCall(abi, call);
    if (typeof handler !== "function") throw new TypeError(`handler for ${abi.id}.${name} must be a function`);
    if (map.has(name)) throw new Error(`${abi.id}.${name} already has a handler on this machine; unregisterHypercall it first`);
    map.set(name, handler);
    this.setCompiledHandler(abi.id, name, handler);
  }

  /** A copy of the handlers registered here for one of this machine's ABIs (call name -> handler). */
  handlersOf(abi: AbiTable<any, any>): ReadonlyMap<string, AnyHandler> {
    return new Map(this.registryOf(abi));
  }

  /** Removes a handler; returns false when none was registered. */
  unregisterHypercall(abi: AbiTable<any, any>, call: string | Readonly<Record<string, bigint>> | bigint): boolean {
    const map = this.registryOf(abi);
    const name = resolveCall(abi, call);
    if (!map.delete(name)) return false;
    this.setCompiledHandler(abi.id, name, null);
    return true;
  }

  /** Per-call dispatch counts ("abi.call" -> calls dispatched to a handler), all arches summed. */
  counters(): Map<string, number> {
    const out = new Map<string, number>();
    for (const ca of this.compiled.values())
      ca.abis.forEach((a, i) => {
        const x = ca.dispatchers[i];
        for (const c of a.calls.values()) {
          const n = c.count + (x ? x.counts[c.index]! : 0);   // general path + generated dispatcher
          if (n > 0) out.set(`${a.id}.${c.name}`, (out.get(`${a.id}.${c.name}`) ?? 0) + n);
        }
      });
    return out;
  }

  /** QEMU-style name for step(): run the hypercall the vCPU's pc points at. */
  cpuHypercall(v: Vcpu): StepResult {
    return this.step(v);
  }

  step(v: Vcpu): StepResult {
    // The hot path, kept small (V8 inlines it into the caller's loop) and reading only the vCPU's own
    // fields: a trap on the page of the last one, no stub running, no tracer, and the first ABI's
    // generated dispatcher answers the whole call. Everything else is stepSlow.
    const x = v.fast as Dispatcher | null, off = v.pc - v.codeBase;
    if (v.cacheOwner === this && x !== null && off >= 0 && off <= v.codeLimit && (off | 0) === off && v.stubCode === null && this.tracer === null) {
      const out = x.step(v, v.codePage, off, PAGE_SIZE - off, x);
      if (out !== null && out !== undefined) return out;
      return this.finish(v, v.cache as CompiledArch, 0, out, v.codePage, off, PAGE_SIZE - off);
    }
    return this.stepSlow(v);
  }

  private stepSlow(v: Vcpu): StepResult {
    const arch = v.cacheOwner === this ? (v.cache as CompiledArch) : this.attach(v);
    // Fetch from the vCPU's memory (a nested guest's memory is not the outer machine's).
    const pc = v.pc, stub = v.stubCode;
    let code: Uint8Array, off = pc - v.codeBase;
    if (stub === null && off >= 0 && off <= v.codeLimit && (off | 0) === off) {
      code = v.codePage;   // the page of the last trap (an integer pc, the trap inside the page)
    } else if (stub !== null && pc >= v.stubBase && pc - v.stubBase < stub.length) {
      // A generated stub's trap: fetched from its private code, never from (or into) guest memory.
      code = stub; off = pc - v.stubBase;
    } else if (Number.isSafeInteger(pc) && pc >= 0 && pc < v.mem.size && (off = pc % PAGE_SIZE) + arch.maxTrapLen <= PAGE_SIZE) {
      code = fetchPage(v, pc - off);
    } else return this.stepUnpaged(v, arch);
    // With a tracer installed every call takes the general path (generated dispatchers have no tracing hook).
    const x = arch.first;
    if (x === null || this.tracer !== null) return this.stepAt(v, arch, 0, code, off, code.length - off);
    const out = x.step(v, code, off, code.length - off, x);
    if (out !== null && out !== undefined) return out;
    return this.finish(v, arch, 0, out, code, off, code.length - off);
  }

  /** A pc outside guest memory, or a trap that may cross into the next page (copied out first). */
  private stepUnpaged(v: Vcpu, arch: CompiledArch): StepResult {
    const pc = v.pc, mem = v.mem;
    if (!Number.isSafeInteger(pc) || pc < 0 || pc >= mem.size) return NOT_HYPERCALL;
    const code = mem.read(pc, Math.min(arch.maxTrapLen, mem.size - pc));
    return this.stepAt(v, arch, 0, code, 0, code.length);
  }

  /** Offers the trap at code[off] to arch.abis[from..] in order: generated dispatchers unless tracing, else the general path. */
  private stepAt(v: Vcpu, arch: CompiledArch, from: number, code: Uint8Array, off: number, avail: number): StepResult {
    const abis = arch.abis, dispatchers = arch.dispatchers, tracing = this.tracer !== null;
    for (let i = from; i < abis.length; i++) {
      const x = dispatchers[i]!;
      if (x !== null && !tracing) {
        // The generated dispatcher: the whole call when a handler answers it; null: not its trap.
        const out = x.step(v, code, off, avail, x);
        if (out === null) continue;
        if (out !== undefined) return out;
        return this.finish(v, arch, i, out, code, off, avail);
      }
      const trap = matchTrap(abis[i]!.traps, code, off, avail);
      if (trap !== null) return this.stepFrom(v, abis, i, trap, code, off, avail);
    }
    return NOT_HYPERCALL;
  }

  /** What abis[i]'s generated dispatcher left to the runtime: not its trap (null), or its pending miss or general step. */
  private finish(v: Vcpu, arch: CompiledArch, i: number, out: null | undefined, code: Uint8Array, off: number, avail: number): StepResult {
    if (out === null) return this.stepAt(v, arch, i + 1, code, off, avail);
    const abis = arch.abis, x = arch.dispatchers[i]!;
    if (x.pending === PENDING_GENERAL) return this.stepFrom(v, abis, i, matchTrap(abis[i]!.traps, code, off, avail)!, code, off, avail);
    const known = x.known < 0 ? undefined : x.calls[x.known];
    return this.unanswered(v, abis, i + 1, abis[i]!, known, x.reserved, code, off, avail, BigInt(x.operand), x.len, x.note);
  }

  /** The general path, with abis[pi] the primary ABI (the first whose trap is at pc). */
  private stepFrom(v: Vcpu, abis: readonly CompiledAbi[], pi: number, trap: CompiledTrap, code: Uint8Array, off: number, avail: number): StepResult {
    const primary = abis[pi]!;
    const t = trap.trap;
    let note: string | null = null;
    if (t.vendor !== null && t.vendor !== v.vendor) {
      const ov = primary.arch.otherVendor;
      if (ov === null) return { kind: "not-hypercall", reason: `${t.mnemonic} is the ${t.vendor} instruction, this vCPU is ${v.vendor}, and ${primary.id} declares no other_vendor behaviour` };
      if (ov.kind === "fault") return { kind: "fault", abi: primary.id, fault: ov.fault, reason: `${t.mnemonic} is the ${t.vendor} instruction on a ${v.vendor} vCPU` };
      note = `${t.mnemonic} (${t.vendor}) patched to the ${v.vendor} instruction`;
    }
    const regs = v.regs;
    const magic = t.magic;
    for (let i = 0; i < magic.length; i++) {
      const m = magic[i]!;
      if ((regs[m.slot]! & primary.wordMask) !== m.value)
        return { kind: "reflected", abi: primary.id, to: "kernel", reason: `${t.mnemonic} without ${m.name} in ${m.register}: a system call, not a hypercall` };
    }
    const operand = t.operand === null ? 0n : operandOf(trap, code, off, primary.arch.endian);
    const len = trap.bytes.length;
    if ((primary.allowed & v.modeBit) === 0) return this.privilegeOutcome(v, primary, operand, len);
    return this.unanswered(v, abis, pi, primary, undefined, null, code, off, avail, operand, len, note);
  }

  /**
   * Looks the selector up in abis[from..] whose traps are at pc (the first call with a handler runs),
   * then the outer machine, then answers not-supported: for `known` (the first call found without a
   * handler), else for a selector in a reserved range (`reserved`; null: computed here) or unknown.
   */
  private unanswered(v: Vcpu, abis: readonly CompiledAbi[], from: number, primary: CompiledAbi, known: CompiledCall | undefined, reserved: boolean | null,
    code: Uint8Array, off: number, avail: number, operand: bigint, len: number, note: string | null): StepResult {
    const r32 = v.regs32;
    for (let i = from; i < abis.length; i++) {
      const a = abis[i]!;
      if (a !== primary && matchTrap(a.traps, code, off, avail) === null) continue;
      const convs = a.conventions;
      for (let j = 0; j < convs.length; j++) {
        const c = convs[j]!.find(r32, operand);
        if (c === undefined) continue;
        if (c.handler !== null) return this.invoke(v, c, len, note);
        known ??= c;
      }
    }
    if (this.outer !== null) {
      const forwarded = this.outer.step(v);
      if (forwarded.kind !== "not-hypercall") return forwarded;   // else the outer knows no ABI for it
    }
    if (known !== undefined) return this.answer(v, known.abi, known.conv, "notSupported", "no-handler", known.name, len, note);
    const conv = primary.conventions[0]!.conv;
    const inRange = reserved ?? this.inReservedRange(primary, conv, v.regs, operand);
    return this.answer(v, primary, conv, "notSupported", inRange ? "reserved" : "unknown-call", null, len, note);
  }

  private invoke(v: Vcpu, c: CompiledCall, len: number, note: string | null): StepResult {
    c.count++;
    if (this.tracer !== null) return this.invokeTraced(v, c, len, note, this.tracer);
    const regs = v.regs;
    try {
      // decode -> handler -> encode on success (CompiledCall.run); any other status is written here
      const st = c.run(regs, v);
      if (st !== RUN_OK) c.conv.writeStatus(regs, this.statusReg(c, st as string));
    } catch (e) {
      return this.handlerThrew(v, c, e, len, note);
    }
    v.pc += len;
    return note === null ? c.returned : { ...c.returned, note };
  }

  /** A call with the tracer installed (generated dispatchers are not used then: they have no tracing hook). */
  private invokeTraced(v: Vcpu, c: CompiledCall, len: number, note: string | null, tracer: Tracer): StepResult {
    const regs = v.regs;
    const start = performance.now();
    let args: unknown = null, results: unknown = null, status: string | null = null, out: StepResult;
    try {
      args = c.entry.decode(regs);
      const res = syncResult(c.handler!(args, v), `${c.abi.id}.${c.name}`) as { readonly status?: string };
      const st = res.status;
      if (st === undefined || st === c.abi.success) {
        c.entry.encode(regs, res, c.abi.successReg);
        status = c.abi.success; results = res;
      } else { c.conv.writeStatus(regs, this.statusReg(c, st)); status = st; }
      v.pc += len;
      out = note === null ? c.returned : { ...c.returned, note };
    } catch (e) {
      out = this.handlerThrew(v, c, e, len, note);
      status = out.kind === "returned" ? out.error : null;
    }
    const ev: TraceEvent = { abi: c.abi.id, arch: v.arch, call: c.name, args, results, status, outcome: out, durationMs: performance.now() - start };
    tracer(ev);
    return out;
  }

  private statusReg(c: CompiledCall, status: string): bigint {
    const reg = c.abi.errorRegs.get(status);
    if (reg === undefined) throw new TypeError(`handler for ${c.abi.id}.${c.name} returned unknown status '${status}'`);
    return reg;
  }

  /** The answer for a handler that threw (also called by generated dispatchers). Not API. */
  handlerThrew(v: Vcpu, c: CompiledCall, e: unknown, len: number, note: string | null): StepResult {
    const bad = e instanceof GuestAddressError;
    if (!bad) this.log(`hcgen: handler for ${c.abi.id}.${c.name} threw; answering with the ABI's failed status`, e);
    return this.answer(v, c.abi, c.conv, bad ? "invalidAddress" : "failed", bad ? "invalid-address" : "failed", c.name, len, note, false);
  }

  /** The runtime's own answer with an error role; a fault when the ABI names no error for it. */
  private answer(v: Vcpu, abi: CompiledAbi, conv: ConventionEntry, role: Role, reason: RuntimeReason, call: string | null,
    len: number, note: string | null, trace = true): StepResult {
    let error: string | null = null;
    for (const r of ROLE_CHAIN[role]) if ((error = abi.table.errors.roles[r]) !== null) break;
    if (error === null) {
      const out: StepResult = { kind: "fault", abi: abi.id, fault: "unsupported hypercall", reason: `${reason}: ${abi.id} names no error for it` };
      if (trace) this.traceRuntime(v, abi, call, null, out);
      return out;
    }
    conv.writeStatus(v.regs, abi.errorRegs.get(error)!);
    v.pc += len;
    const out: StepResult = { kind: "returned", by: "runtime", abi: abi.id, call, error, reason, note };
    if (trace) this.traceRuntime(v, abi, call, error, out);
    return out;
  }

  private traceRuntime(v: Vcpu, abi: CompiledAbi, call: string | null, status: string | null, outcome: StepResult): void {
    if (this.tracer !== null) this.tracer({ abi: abi.id, arch: v.arch, call, args: null, results: null, status, outcome, durationMs: 0 });
  }

  private privilegeOutcome(v: Vcpu, abi: CompiledAbi, operand: bigint, len: number): StepResult {
    const o = abi.arch.privilege.otherwise;
    const why = `${v.mode} mode may not call ${abi.id} (allowed: ${abi.arch.privilege.allowed.join(", ")})`;
    if (o.kind === "fault") return { kind: "fault", abi: abi.id, fault: o.fault, reason: why };
    if (o.kind === "reflect") return { kind: "reflected", abi: abi.id, to: o.to, reason: why };
    let c: CompiledCall | undefined;
    for (const cc of abi.conventions) if ((c = lookup(cc, v.regs32, operand)) !== undefined) break;
    const conv = c?.conv ?? abi.conventions[0]!.conv;
    conv.writeStatus(v.regs, abi.errorRegs.get(o.error) ?? abi.successReg);
    v.pc += len;
    const out: StepResult = { kind: "returned", by: "runtime", abi: abi.id, call: c?.name ?? null, error: o.error, reason: "denied", note: why };
    this.traceRuntime(v, abi, c?.name ?? null, o.error, out);
    return out;
  }

  private inReservedRange(abi: CompiledAbi, conv: ConventionEntry, regs: BigUint64Array, operand: bigint): boolean {
    const ranges = abi.table.ranges.filter((r) => r.use === "reserved");
    if (ranges.length === 0) return false;
    const fields = fieldValues(conv, regs, operand, abi.wordMask);
    return ranges.some((r) => { const f = fields.get(r.field); return f !== undefined && f >= r.from && f <= r.to; });
  }

  private registryOf(abi: AbiTable<any, any>): Map<string, AnyHandler> {
    const map = this.handlers.get(abi.id);
    if (map === undefined || !this.abis.includes(abi)) throw new Error(`ABI '${abi.id}' is not one of this machine's ABIs`);
    return map;
  }

  private setCompiledHandler(abi: string, name: string, handler: AnyHandler | null): void {
    for (const ca of this.compiled.values())
      ca.abis.forEach((a, i) => {
        if (a.id !== abi) return;
        const c = a.calls.get(name);
        if (c === undefined) return;
        c.handler = handler;
        const x = ca.dispatchers[i];
        if (x) x.handlers[c.index] = handler;   // the generated dispatcher's slot of the call
      });
  }

  /** Makes this machine the owner of v's dispatch cache (a vCPU stepped by another machine before). */
  private attach(v: Vcpu): CompiledArch {
    const arch = this.archOf(v.arch);
    v.cacheOwner = this; v.cache = arch; v.fast = arch.first; v.codeLimit = PAGE_SIZE - Math.max(1, arch.maxTrapLen);
    return arch;
  }

  private archOf(arch: ArchName): CompiledArch {
    let ca = this.compiled.get(arch);
    if (ca === undefined) {
      const abis = this.abis.map((t) => compileAbi(t, arch, this.handlers.get(t.id)!)).filter((a): a is CompiledAbi => a !== null);
      const dispatchers = abis.map((a) => loadDispatcher(this, a, arch));
      const maxTrapLen = Math.max(0, ...abis.flatMap((a) => a.traps.map((t) => t.bytes.length)));
      this.compiled.set(arch, (ca = { abis, dispatchers, first: dispatchers[0] ?? null, maxTrapLen }));
    }
    return ca;
  }
}

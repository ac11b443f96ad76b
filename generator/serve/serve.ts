// `hcgen serve`: the runtime answers a real guest's hypercalls through QEMU's gdbstub. A software
// breakpoint sits on every trap site of the machine's ABIs in the guest's code; at each stop the
// registers become a Vcpu, the machine's own dispatch runs (magic, privilege, selector, typed
// handler), changed registers and pc (advanced past the trap, as the real hypervisor's return does)
// are written back and the guest continues. A call no handler answers is left to the real firmware:
// the trap is stepped over and runs there.
import { Machine } from "../../runtime/machine.js";
import type { StepResult } from "../../runtime/outcome.js";
import type { TraceEvent } from "../../runtime/trace.js";
import type { ArchName, ArchTable, Mode } from "../../runtime/types.js";
import { Vcpu } from "../../runtime/vcpu.js";
import { ARCHES } from "../arches.js";
import { RspError, type StopReply } from "../observe/rsp-packet.js";
import type { CodeRange } from "../observe/target.js";
import { SyncLink } from "./link.js";
import { GdbMemory } from "./memory.js";
import { regMapOf, type RegMap, type Registers } from "./regmap.js";
import { GdbSession } from "./session.js";

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly arch: ArchName;
  /**
   * Ids of the machine's ABIs to serve (default: all). A call of another ABI runs no handler here:
   * its trap is stepped over and left to the firmware. Handlers are those registered when serving starts.
   */
  readonly abis?: readonly string[] | undefined;
  /** Where the guest's code is (an ELF's executable sections, or a scanned range). */
  readonly code: readonly CodeRange[];
  /** How long to keep retrying the connection (QEMU may still be starting). Default 5000. */
  readonly connectTimeoutMs?: number;
  /** Deadline of every packet exchange, so each stop is bounded. Default 5000. */
  readonly packetTimeoutMs?: number;
  /** Longest the guest may run between two stops. Default 60 000. */
  readonly runTimeoutMs?: number;
  /** Stop serving (breakpoints removed, gdbstub detached, the guest runs on) after this many calls. */
  readonly maxCalls?: number | undefined;
  /** Privilege mode where the registers do not show it (riscv64: QEMU's core registers lack it). Default kernel. */
  readonly mode?: Mode | undefined;
  /** Handlers' memory accesses use guest-physical addresses (QEMU's Qqemu.PhyMemMode). Default true. */
  readonly physical?: boolean;
  /** Progress: calls left to the firmware, stops away from traps, notes. Served calls go to machine.tracer. */
  readonly onEvent?: (e: ServeEvent) => void;
}

export type ServeEvent =
  | { readonly kind: "firmware"; readonly pc: bigint; readonly text: string }
  | { readonly kind: "stray"; readonly pc: bigint; readonly text: string }
  | { readonly kind: "note"; readonly text: string };

export interface ServeResult {
  /** Calls answered here (a handler, or the ABI's error answer for a handler that threw). */
  readonly served: number;
  /** Trap stops left to the firmware. */
  readonly firmware: number;
  /** How the session ended: "guest exited", "guest killed (signal 9)", "detached after N calls". */
  readonly end: string;
  /** The guest's exit status when the gdbstub reported one (W packet), else null. */
  readonly exitCode: number | null;
}

const MAX_STRAY_STOPS = 100;
const hex = (v: bigint) => `0x${v.toString(16)}`;

/** Connects, plants the breakpoints and serves until the guest exits. Rejects with RspError on link failures. */
export async function serveGdb(machine: Machine, o: ServeOptions): Promise<ServeResult> {
  const served = servedMachine(machine, o.abis);
  const table = served.abis.map((a) => a.arches[o.arch]).find((t): t is ArchTable => t !== undefined);
  if (table === undefined) throw new RspError(`no ABI ${o.abis ? "served" : "of this machine"} has ${o.arch} (ABIs: ${served.abis.map((a) => a.id).join(", ")})`);
  const regmap = regMapOf(o.arch);
  const link = await SyncLink.open(o.host, o.port, o.connectTimeoutMs ?? 5000);
  const session = new GdbSession(link, o.packetTimeoutMs ?? 5000);
  try {
    return await new Server(machine, served, o, table, regmap, session).run();
  } finally {
    session.close();
  }
}

/**
 * The machine that dispatches: `machine` itself, or for a subset of its ABIs a machine of only those
 * (same handlers, log and outer machine), so another ABI's call never reaches its handler here.
 */
function servedMachine(machine: Machine, ids: readonly string[] | undefined): Machine {
  if (ids === undefined) return machine;
  const known = machine.abis.map((a) => a.id);
  if (ids.length === 0) throw new Error(`abis: name at least one of this machine's ABIs (${known.join(", ")})`);
  for (const id of ids) if (!known.includes(id)) throw new Error(`abis: '${id}' is not one of this machine's ABIs (${known.join(", ")})`);
  if (known.every((id) => ids.includes(id))) return machine;
  const abis = machine.abis.filter((a) => ids.includes(a.id));
  const only = new Machine({ abis, log: machine.log, ...(machine.outer ? { outer: machine.outer } : {}) });
  for (const a of abis) for (const [name, h] of machine.handlersOf(a)) only.registerHypercall(a, name, h);
  return only;
}

class Server {
  private readonly mem: GdbMemory;
  private readonly sites = new Map<bigint, number>();
  private readonly runMs: number;
  private served = 0;
  private firmware = 0;

  /** `machine` owns the tracer; `dispatcher` (it, or the subset of ABIs served) runs the calls. */
  constructor(private readonly machine: Machine, private readonly dispatcher: Machine, private readonly o: ServeOptions, private readonly table: ArchTable,
    private readonly regmap: RegMap, private readonly s: GdbSession) {
    this.mem = new GdbMemory(s);
    this.runMs = o.runTimeoutMs ?? 60_000;
  }

  async run(): Promise<ServeResult> {
    const first = this.s.request("?");
    if (!/^[ST]/.test(first)) throw new RspError(`the target is not stopped ('?' answered '${first.slice(0, 20)}'); start QEMU with -S`);
    this.findSites();
    if (this.o.physical !== false && this.s.request("Qqemu.PhyMemMode:1") !== "OK")
      this.o.onEvent?.({ kind: "note", text: "the gdbstub has no physical memory mode; handlers see guest-virtual addresses" });
    for (const [addr, len] of this.sites) this.s.setBreakpoint(addr, len, true);
    let stop = await this.s.resume("c", this.runMs);
    let stray = 0;
    for (;;) {
      if (stop.kind !== "stopped") return this.result(stop);
      const regs = this.regmap.decode(this.s.request("g"));
      const pc = regs.values.get("pc")!;
      const len = this.sites.get(pc);
      if (len === undefined) {
        if (++stray > MAX_STRAY_STOPS) throw new RspError(`the guest stopped ${MAX_STRAY_STOPS} times in a row away from every trap site; giving up`);
        this.o.onEvent?.({ kind: "stray", pc, text: `stopped at ${hex(pc)} (${stop.raw}), not at a trap site` });
        stop = await this.s.resume("c", this.runMs);
        continue;
      }
      stray = 0;
      stop = await this.atTrap(pc, len, regs);
      if (this.o.maxCalls !== undefined && this.served + this.firmware >= this.o.maxCalls && stop.kind === "stopped") return this.detach();
    }
  }

  /** Every trap instruction of the machine's ABIs in the guest's code, at instruction alignment. */
  private findSites(): void {
    const align = Math.min(...(ARCHES.get(this.o.arch)?.insnLengths ?? [1]));
    const traps = this.dispatcher.abis.flatMap((a) => a.arches[this.o.arch]?.traps ?? []).filter((t) => t.via === "insn");
    for (const r of this.o.code) {
      const mem = this.s.readMemory(r.start, r.size);
      this.mem.addCode(r.start, mem);
      const skew = Number(r.start % BigInt(align));
      for (let i = skew === 0 ? 0 : align - skew; i < mem.length; i += align)
        for (const t of traps) {
          if (i + t.bytes.length > mem.length) continue;
          let ok = true;
          for (let k = 0; k < t.bytes.length && ok; k++) ok = (mem[i + k]! & t.mask[k]!) === t.bytes[k];
          if (ok) { this.sites.set(r.start + BigInt(i), t.bytes.length); break; }
        }
    }
    if (this.sites.size === 0) {
      const names = [...new Set(traps.map((t) => t.mnemonic))].join("/");
      throw new RspError(`no ${names} instruction in ${this.o.code.map((r) => `${r.name} ${hex(r.start)}+${hex(BigInt(r.size))}`).join(", ")}`);
    }
  }

  private async atTrap(pc: bigint, len: number, regs: Registers): Promise<StopReply> {
    const t = this.table;
    const vcpu = new Vcpu(this.dispatcher, this.o.arch, t.word, t.endian, t.registers, this.mem, { mode: this.regmap.mode(regs) ?? this.o.mode ?? "kernel" });
    t.registers.forEach((name, i) => { vcpu.regs[i] = regs.values.get(name) ?? 0n; });
    const before = vcpu.regs.slice();
    let out: StepResult | null = null;
    const events: TraceEvent[] = [];
    if (pc <= BigInt(Number.MAX_SAFE_INTEGER)) {
      vcpu.pc = Number(pc);
      // Trace events wait until it is known whether the call is served here or left to the firmware.
      const d = this.dispatcher, tracer = d.tracer;
      d.tracer = this.machine.tracer === null ? null : (e) => events.push(e);
      try { out = d.step(vcpu); } finally { d.tracer = tracer; }
    }
    if (out === null || !isServed(out)) {
      this.firmware++;
      this.o.onEvent?.({ kind: "firmware", pc, text: `${hex(pc)}: left to the firmware (${out === null ? "pc beyond the runtime's address range" : describe(out)})` });
      return this.stepOver(pc, len);
    }
    this.served++;
    const changes = new Map<string, bigint>();
    for (let i = 0; i < before.length; i++) if (vcpu.regs[i] !== before[i]) changes.set(t.registers[i]!, vcpu.regs[i]!);
    changes.set("pc", BigInt(vcpu.pc));
    for (const name of changes.keys())
      if (!this.regmap.numbers.has(name)) throw new RspError(`${this.o.arch}: register ${name} is not in the gdbstub's core registers`);
    this.s.expectOk(`G${this.regmap.patch(regs, changes)}`, "writing the results");
    for (const e of events) this.machine.tracer?.(e);
    return this.s.resume("c", this.runMs);
  }

  /** Lets the trap run in the firmware: lift the breakpoint, step, put it back (as gdb does), continue. */
  private async stepOver(pc: bigint, len: number): Promise<StopReply> {
    this.s.setBreakpoint(pc, len, false);
    const step = await this.s.resume("s", this.runMs);
    if (step.kind !== "stopped") return step;
    // Stepping may run the whole call (QEMU emulates PSCI inside `hvc`): a power-off closes the link.
    try { this.s.setBreakpoint(pc, len, true); } catch (e) { if (this.s.closed) return { kind: "exited", code: -1 }; throw e; }
    return this.s.resume("c", this.runMs);
  }

  private detach(): ServeResult {
    for (const [addr, len] of this.sites) this.s.setBreakpoint(addr, len, false);
    this.s.request("D");
    return { served: this.served, firmware: this.firmware, end: `detached after ${this.served + this.firmware} calls`, exitCode: null };
  }

  private result(stop: StopReply): ServeResult {
    const end = stop.kind === "exited" ? `guest exited${stop.code >= 0 ? ` (status ${stop.code})` : ""}` : stop.kind === "killed" ? `guest killed (signal ${stop.signal})` : "stopped";
    return { served: this.served, firmware: this.firmware, end, exitCode: stop.kind === "exited" && stop.code >= 0 ? stop.code : null };
  }
}

/** Answered here: by a handler, or with the ABI's answer for a handler that failed or a denied caller. */
function isServed(out: StepResult): boolean {
  return out.kind === "returned" && (out.by === "handler" || out.reason === "failed" || out.reason === "invalid-address" || out.reason === "denied");
}

function describe(out: StepResult): string {
  if (out.kind === "returned") return `${out.abi}${out.call ? `.${out.call}` : ""}: ${out.reason}`;
  return `${out.kind}: ${out.reason}`;
}

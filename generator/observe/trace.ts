// The `hcgen trace` loop: plant a software breakpoint on every trap instruction of the spec found in
// the guest's code, run, and at each hit decode the call from the registers; then run to the
// instruction after the trap (a temporary breakpoint: single-stepping a trap lands in the
// hypervisor's or firmware's handler, not after it) and decode the result registers.
import { ARCHES } from "../arches.js";
import type { Abi, ArchAbi } from "../model.js";
import { decodeCall, decodeResult, formatDecoded, formatResult, type Decoded } from "./decode.js";
import { RspError, type RspClient, type StopReply } from "./rsp.js";
import { findPattern, parseRegisters, type CodeRange } from "./target.js";

export type TraceEvent =
  | { readonly kind: "call"; readonly pc: bigint; readonly decoded: Decoded; readonly text: string }
  | { readonly kind: "result"; readonly pc: bigint; readonly text: string }
  | { readonly kind: "noreturn"; readonly text: string }
  | { readonly kind: "exit"; readonly text: string }
  | { readonly kind: "stop"; readonly text: string };

export interface TraceOptions {
  readonly abi: Abi;
  readonly arch: ArchAbi;
  readonly ranges: readonly CodeRange[];
  /** How long the guest may run between two stops. */
  readonly runTimeoutMs: number;
  readonly maxCalls: number;
  readonly onEvent: (e: TraceEvent) => void;
}

const MAX_STRAY_STOPS = 100;
const hex = (v: bigint) => `0x${v.toString(16)}`;

async function findTraps(client: RspClient, o: TraceOptions): Promise<Map<bigint, number>> {
  const align = Math.min(...(ARCHES.get(o.arch.arch)?.insnLengths ?? [1]));
  const traps = new Map<bigint, number>();
  for (const r of o.ranges) {
    const mem = await client.readMemory(r.start, r.size);
    for (const t of o.arch.traps) {
      if (t.via === "page" || t.operand) continue; // hypercall pages and operand-carrying traps need other matching
      for (const at of findPattern(mem, r.start, t.bytes, align)) traps.set(at, t.bytes.length);
    }
  }
  return traps;
}

async function regs(client: RspClient, arch: string): Promise<Map<string, bigint>> {
  return parseRegisters(arch, await client.request("g"));
}

async function setBreak(client: RspClient, addr: bigint, len: number, on: boolean): Promise<void> {
  const reply = await client.request(`${on ? "Z" : "z"}0,${addr.toString(16)},${len}`);
  if (reply !== "OK") throw new RspError(`the target does not support software breakpoints (${on ? "Z0" : "z0"} answered '${reply}')`);
}

function describeEnd(r: StopReply): string {
  return r.kind === "exited" ? `guest exited${r.code >= 0 ? ` (status ${r.code})` : ""}` : r.kind === "killed" ? `guest killed (signal ${r.signal})` : `stopped (signal ${r.signal})`;
}

/** Runs the trace; returns the number of calls seen. Throws RspError on protocol failures and timeouts. */
export async function traceGuest(client: RspClient, o: TraceOptions): Promise<number> {
  const first = await client.request("?");
  if (!/^[ST]/.test(first)) throw new RspError(`the target is not stopped ('?' answered '${first}'); start QEMU with -S`);
  const traps = await findTraps(client, o);
  if (traps.size === 0) {
    throw new RspError(`no ${o.arch.traps.map((t) => t.mnemonic).join("/")} instruction in ${o.ranges.map((r) => `${r.name} ${hex(r.start)}+${hex(BigInt(r.size))}`).join(", ")}`);
  }
  const inserted = new Map<bigint, number>();
  const set = async (addr: bigint, len: number, on: boolean) => {
    await setBreak(client, addr, len, on);
    if (on) inserted.set(addr, len); else inserted.delete(addr);
  };
  for (const [addr, len] of traps) await set(addr, len, true);
  // Resuming from a breakpoint address: lift it, step one instruction, put it back (as gdb does),
  // so the trap itself executes instead of stopping again.
  const cont = async (pc: bigint): Promise<StopReply> => {
    const len = inserted.get(pc);
    if (len !== undefined) {
      await set(pc, len, false);
      const step = await client.resume("s", o.runTimeoutMs);
      if (step.kind !== "stopped") return step;
      // Stepping the trap may run the whole call (QEMU emulates PSCI inside `hvc`): a power-off
      // closes the connection right after the step's stop reply.
      try { await set(pc, len, true); } catch (e) { if (client.closed) return { kind: "exited", code: -1 }; throw e; }
    }
    return client.resume("c", o.runTimeoutMs);
  };
  let calls = 0, stray = 0;
  let stop = await client.resume("c", o.runTimeoutMs);
  while (calls < o.maxCalls) {
    if (stop.kind !== "stopped") { o.onEvent({ kind: "exit", text: describeEnd(stop) }); return calls; }
    const before = await regs(client, o.arch.arch);
    const pc = before.get("pc") ?? -1n;
    const len = traps.get(pc);
    if (len === undefined) {
      // A target that keeps stopping away from every breakpoint would otherwise loop here forever.
      if (++stray > MAX_STRAY_STOPS) throw new RspError(`the target stopped ${MAX_STRAY_STOPS} times in a row away from every trap site; giving up`);
      o.onEvent({ kind: "stop", text: `stopped at pc ${hex(pc)} (${stop.raw}), not at a trap` });
      stop = await cont(pc);
      continue;
    }
    calls++;
    stray = 0;
    const decoded = decodeCall(o.abi, o.arch, before);
    o.onEvent({ kind: "call", pc, decoded, text: `${hex(pc)}: ${formatDecoded(decoded)}` });
    // Run to the instruction after the trap to read what the call returned.
    const ret = pc + BigInt(len);
    const temporary = !traps.has(ret);
    if (temporary) await set(ret, len, true);
    stop = await cont(pc);
    if (stop.kind !== "stopped") {
      o.onEvent({ kind: "noreturn", text: `${hex(pc)}: ${decoded.call?.name ?? "call"} did not return (${describeEnd(stop)})` });
      continue;
    }
    const after = await regs(client, o.arch.arch);
    const at = after.get("pc") ?? -1n;
    if (temporary) await set(ret, len, false);
    if (at === ret) {
      o.onEvent({ kind: "result", pc: ret, text: `${hex(pc)}: ${formatResult(decodeResult(decoded, after))}` });
      // Stopped at `ret`: if it is a trap too, the loop handles it without resuming.
      if (!traps.has(ret)) stop = await cont(ret);
    }
  }
  o.onEvent({ kind: "stop", text: `stopped after ${calls} calls (--max-calls)` });
  return calls;
}

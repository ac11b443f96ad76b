// Loads a generated dispatcher (AbiTable.dispatch, written by hcgen's TS emitter as ts/<abi>.dispatch.ts)
// for one machine, ABI and arch: the handler slots it reads, its counters and preallocated results, and
// the hooks it calls for what needs the machine (a throwing handler, a call no handler answers; no tracing:
// with a tracer installed the machine takes its general path).
import { LITTLE, type CompiledAbi, type CompiledCall } from "./compile.js";
import { isThenable, syncResult } from "./handler-result.js";
import type { ReturnedResult, StepResult } from "./outcome.js";
import type { AnyHandler, ArchName, DispatchContext, DispatchStep } from "./types.js";
import type { Vcpu } from "./vcpu.js";

/** The part of a machine a dispatcher calls back into (machine.ts implements it). */
export interface DispatchHost {
  handlerThrew(v: Vcpu, c: CompiledCall, e: unknown, len: number, note: string | null): StepResult;
}

/** What a dispatcher that returned undefined left for the machine to finish (Dispatcher.pending). */
export const PENDING_MISS = 1, PENDING_GENERAL = 2;

const UNUSED: ReturnedResult = Object.freeze({ kind: "returned", by: "runtime", abi: "", call: null, error: null, reason: null, note: null });

export class Dispatcher implements DispatchContext {
  readonly handlers: (AnyHandler | null)[];
  readonly counts: number[];
  readonly returned: ReturnedResult[];
  /** Calls by call number (undefined for calls that do not exist on this arch). */
  readonly calls: (CompiledCall | undefined)[];
  pending = 0;
  known = -1;
  reserved = false;
  len = 0;
  note: string | null = null;
  operand = 0;

  constructor(readonly machine: DispatchHost, readonly step: DispatchStep, names: readonly string[], abi: CompiledAbi) {
    const n = names.length;
    this.handlers = new Array<AnyHandler | null>(n).fill(null);
    this.counts = new Array<number>(n).fill(0);
    this.returned = new Array<ReturnedResult>(n).fill(UNUSED);
    this.calls = new Array<CompiledCall | undefined>(n).fill(undefined);
    names.forEach((name, i) => {
      const c = abi.calls.get(name);
      if (c === undefined) return;
      c.index = i;
      this.calls[i] = c; this.handlers[i] = c.handler; this.returned[i] = c.returned;
    });
  }

  sync<T>(res: T, call: number): T {
    // The name is only built when the result is a thenable.
    if (!isThenable(res)) return res;
    const c = this.calls[call]!;
    return syncResult(res, `${c.abi.id}.${c.name}`);
  }

  threw(v: Vcpu, call: number, error: unknown, len: number, note: string | null): StepResult {
    return this.machine.handlerThrew(v, this.calls[call]!, error, len, note);
  }

  miss(known: number, reserved: boolean, len: number, note: string | null, operand: number): undefined {
    this.pending = PENDING_MISS; this.known = known; this.reserved = reserved; this.len = len; this.note = note; this.operand = operand;
    return undefined;
  }

  general(): undefined {
    this.pending = PENDING_GENERAL;
    return undefined;
  }
}

/**
 * The generated dispatcher of `abi` on `arch` for a machine, or null: the table has none (an older
 * generated tree), a format this runtime does not know, calls it does not number, or the host is
 * big-endian (generated code reads the selector's low half at index 2 * slot of the 32-bit view).
 */
export function loadDispatcher(machine: DispatchHost, abi: CompiledAbi, arch: ArchName): Dispatcher | null {
  const d = abi.table.dispatch;
  if (d === undefined || d === null || d.format !== 2 || !LITTLE) return null;
  const step = d.arches[arch];
  if (typeof step !== "function" || !Array.isArray(d.calls)) return null;
  const numbered = new Set(d.calls);
  for (const name of abi.calls.keys()) if (!numbered.has(name)) return null;
  return new Dispatcher(machine, step, d.calls, abi);
}

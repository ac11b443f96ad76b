// Tracing: a hook that receives every decoded call, and an strace-like formatter for it.
import type { StepResult } from "./outcome.js";
import type { ArchName } from "./types.js";

export interface TraceEvent {
  readonly abi: string;
  readonly arch: ArchName;
  /** Null when the selector names no call of the ABI. */
  readonly call: string | null;
  /** Typed, narrowed arguments as the handler saw them (null when no handler ran). */
  readonly args: unknown;
  /** What the handler returned on success (null otherwise). */
  readonly results: unknown;
  /** Error name written to the status register (success name on success; null if none). */
  readonly status: string | null;
  readonly outcome: StepResult;
  readonly durationMs: number;
}

export type Tracer = (event: TraceEvent) => void;

function show(v: unknown): string {
  if (typeof v === "bigint") return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

function fields(o: unknown): string {
  if (o === null || typeof o !== "object") return "";
  return Object.entries(o).filter(([k]) => k !== "status").map(([k, v]) => `${k}=${show(v)}`).join(", ");
}

/** One line per call, like strace: `riscv-sbi.sbi_debug_console_write(num_bytes=5, ...) = SBI_SUCCESS {value=5} <0.003ms>`. */
export function formatTrace(e: TraceEvent): string {
  const name = `${e.abi}.${e.call ?? "?"}`;
  const o = e.outcome;
  let tail: string;
  if (o.kind === "returned") {
    const res = fields(e.results);
    tail = `= ${e.status ?? "?"}${res ? ` {${res}}` : ""}${o.by === "runtime" ? ` (${o.reason})` : ""}${o.note ? ` [${o.note}]` : ""}`;
  } else if (o.kind === "fault") tail = `= fault ${o.fault} (${o.reason})`;
  else if (o.kind === "reflected") tail = `= reflected to ${o.to} (${o.reason})`;
  else tail = `= not a hypercall (${o.reason})`;
  return `[${e.arch}] ${name}(${fields(e.args)}) ${tail} <${e.durationMs.toFixed(3)}ms>`;
}

/** A tracer that appends formatted lines to `lines` (or prints them when no array is given). */
export function lineTracer(lines?: string[]): Tracer {
  return (e) => { const s = formatTrace(e); if (lines) lines.push(s); else console.log(s); };
}

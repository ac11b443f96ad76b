// Places a KVM tracepoint's values into registers by the spec's convention: the call number into the
// identity field the ABI leaves to calls, selector constants and argument-packed bits (Hyper-V rep
// count/start) into their selector bits, and the arguments into the convention's argument registers.
import type { Model } from "../model.js";
import type { LogEvent } from "./logs.js";

type Tracepoint = Extract<LogEvent, { kind: "tracepoint" }>;

export function tracepointRegisters(model: Model, ev: Tracepoint):
  { ok: true; regs: Map<string, bigint>; labels: Record<string, string> } | { ok: false; message: string } {
  const abi = model.abis.find((a) => a.id === ev.abi);
  const arch = abi?.arches.find((a) => a.arch === ev.arch);
  const conv = arch?.conventions.find((c) => c.name === ev.convention);
  if (!abi || !arch || !conv) return { ok: false, message: `the specs have no ${ev.abi} ${ev.arch} '${ev.convention}' convention for this tracepoint` };
  const numberField = abi.fields[abi.fields.length - 1]?.name;
  const regs = new Map<string, bigint>();
  const labels: Record<string, string> = {};
  for (const src of conv.select) {
    let v = 0n;
    for (const p of src.parts) {
      const width = BigInt(p.hi - p.lo + 1);
      const part = p.kind === "const" ? p.value : p.kind === "arg" ? (ev.packed[p.arg] ?? 0n) : p.field === numberField ? ev.number : 0n;
      if (p.kind === "field" && p.field === numberField) labels[src.source] = ev.label; // the tracepoint's own word for it
      v |= (part & ((1n << width) - 1n)) << BigInt(p.lo);
    }
    regs.set(src.source, v);
  }
  ev.args.forEach((a, i) => { const r = conv.args[i]; if (r !== undefined) regs.set(r, a); });
  return { ok: true, regs, labels };
}

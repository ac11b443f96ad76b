// One round trip: generated stub -> registers -> trap -> dispatch -> handler -> registers -> stub result.
import { Machine, type ArchName, type Mode, type StepResult } from "../../runtime/index.js";
import type { GeneratedAbi } from "./generated.js";
import { kindOf, sample, typesByName } from "./values.js";

export interface RoundTrip {
  readonly given: Record<string, unknown>;
  readonly seen: unknown[];
  readonly returned: Record<string, unknown>;
  readonly got: { outcome: StepResult; status: string | null; raw: bigint | null; results: Record<string, unknown> };
  /** The status the stub should report (null when the status register also carries a result). */
  readonly expectStatus: string | null | undefined;
  readonly pcBefore: number;
  readonly pcAfter: number;
}

export function roundTrip(g: GeneratedAbi, call: string, arch: ArchName, salt = 0): RoundTrip {
  const entry = g.table.calls[call]!;
  const ca = entry.arches[arch]!;
  const at = g.table.arches[arch]!;
  const machine = new Machine({ abis: [g.table] });
  const trap = at.traps.find((t) => t.name === ca.trap)!;
  const mode: Mode = trap.mode !== null && at.privilege.allowed.includes(trap.mode) ? trap.mode : at.privilege.allowed[0]!;
  const vcpu = machine.createVcpu(arch, { mode, vendor: trap.vendor ?? "intel" });
  vcpu.pc = 0x40000;
  const all = Object.values(entry.arches).filter((x) => x !== undefined);
  const argKinds = typesByName(all.map((x) => x.args));
  const resKinds = typesByName(all.map((x) => x.results));
  const given: Record<string, unknown> = {};
  ca.args.forEach((p, i) => { given[p.name] = sample(p, at.word, kindOf(argKinds.get(p.name)!), i + salt); });
  const returned: Record<string, unknown> = {};
  ca.results.forEach((p, i) => { returned[p.name] = sample(p, at.word, kindOf(resKinds.get(p.name)!), i + 7 + salt); });
  const seen: unknown[] = [];
  machine.registerHypercall(g.table, call, (args: unknown) => { seen.push(args); return returned; });
  const stub = g.stubs[arch]![call]!;
  const got = ca.args.length > 0 ? stub(vcpu, given) : stub(vcpu);
  const conv = at.conventions[ca.conventionIndex]!;
  const st = conv.results.find((r) => r.status);
  const shared = st !== undefined && ca.results.some((p) => p.registers[0] === st.register && p.bits === null);
  const expectStatus = st === undefined ? null : shared ? undefined : g.table.errors.success;
  return { given, seen, returned, got, expectStatus, pcBefore: 0x40000, pcAfter: vcpu.pc };
}

// Catalog ABIs through the runtime: user-mode calls get exactly the spec's privilege outcome on every
// ABI and arch; PPC PR magic; several ABIs on one machine tried in declared order.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Machine, type ArchName } from "../../runtime/index.js";
import { catalogModel, demoModel } from "../emit-ts/emit-helpers.js";
import { generate, type GeneratedAbi } from "./generated.js";

const model = catalogModel();
let gen: Map<string, GeneratedAbi>;
let demo: GeneratedAbi;
beforeAll(async () => {
  gen = await generate("catalog-behaviour", model);
  demo = (await generate("catalog-behaviour-demo", demoModel())).get("demo")!;
});

describe("user-mode calls get the spec's privilege outcome", () => {
  const cases = model.abis.flatMap((abi) => abi.arches.map((a) => [abi.id, a.arch] as const))
    .filter(([id, arch]) => model.abis.find((a) => a.id === id)!.calls.some((c) => c.arches.some((x) => x.arch === arch)));
  it.each(cases)("%s on %s", (id, arch) => {
    const g = gen.get(id)!;
    const abi = model.abis.find((a) => a.id === id)!;
    const rule = abi.arches.find((a) => a.arch === arch)!.privilege;
    expect(rule.allowed).not.toContain("user");
    const call = abi.calls.find((c) => c.arches.some((x) => x.arch === arch))!;
    const m = new Machine({ abis: [g.table] });
    const h = vi.fn(() => ({}));
    m.registerHypercall(g.table, call.name, h);
    const trap = g.table.arches[arch]!.traps.find((t) => t.name === call.arches.find((x) => x.arch === arch)!.trap)!;
    const v = m.createVcpu(arch as ArchName, { mode: "user", vendor: trap.vendor ?? "intel" });
    const placements = g.table.calls[call.name]!.arches[arch]!.args;
    const zero = (p: { type: string }): unknown => (/^[ui](8|16|32)$/.test(p.type) ? 0 : p.type === "bool" ? false : 0n);
    const out = g.stubs[arch]![call.name]!(v, Object.fromEntries(placements.map((p) => [p.name, zero(p)])));
    const o = rule.otherwise;
    if (o.kind === "error") expect(out.outcome).toMatchObject({ kind: "returned", by: "runtime", reason: "denied", error: o.error });
    if (o.kind === "fault") expect(out.outcome).toMatchObject({ kind: "fault", fault: o.fault });
    if (o.kind === "reflect") expect(out.outcome).toMatchObject({ kind: "reflected", to: o.to });
    expect(h).not.toHaveBeenCalled();
  });
});

describe("kvm-ppc PR magic", () => {
  it.each(["ppc64", "ppc64le", "ppc"] as const)("sc without r0 = KVM! is a system call on %s", (arch) => {
    const g = gen.get("kvm-ppc");
    if (!g || !g.table.arches[arch]) return;
    const m = new Machine({ abis: [g.table] });
    const v = m.createVcpu(arch);
    const pr = g.table.arches[arch]!.traps.find((t) => t.magic.length > 0)!;
    m.mem.write(0x100, pr.bytes);
    v.pc = 0x100;
    expect(v.step()).toMatchObject({ kind: "reflected", to: "kernel" });
    v.setReg(pr.magic[0]!.register, pr.magic[0]!.value);
    expect(v.step()).toMatchObject({ kind: "returned" });
    expect(v.pc).toBe(0x104);
  });
});

describe("several ABIs on one machine", () => {
  it("offers a trap to each ABI in declared order; the first answers unknown numbers", () => {
    const sbi = gen.get("riscv-sbi");
    if (!sbi) return;
    // demo_version (service 0x10, function 0) and sbi_get_spec_version (EID 0x10, FID 0) share a selector.
    for (const order of [[demo.table, sbi.table], [sbi.table, demo.table]]) {
      const m = new Machine({ abis: order });
      const v = m.createVcpu("riscv64");
      m.registerHypercall(sbi.table, "sbi_get_spec_version", () => ({ value: 0x0300_0000n }));
      m.registerHypercall(demo.table, "demo_version", () => ({ version: 5 }));
      const first = order[0]!.id;
      expect(sbi.stubs.riscv64!.sbi_get_spec_version!(v).outcome).toMatchObject({ abi: first });
      expect(demo.stubs.riscv64!.demo_echo!(v, { value: 1n }).outcome).toMatchObject({ reason: "no-handler", abi: first });
      m.mem.write(0, [0x73, 0, 0, 0]);
      v.pc = 0; v.setReg("a7", 0x0777_7777n);
      expect(v.step()).toMatchObject({ abi: first, reason: "unknown-call" });
    }
  });
  it("falls through to a later ABI when the first has no handler for the selector", () => {
    const sbi = gen.get("riscv-sbi");
    if (!sbi) return;
    const m = new Machine({ abis: [demo.table, sbi.table] });
    const v = m.createVcpu("riscv64");
    m.registerHypercall(sbi.table, "sbi_get_spec_version", () => ({ value: 0x0300_0000n }));
    expect(sbi.stubs.riscv64!.sbi_get_spec_version!(v)).toMatchObject({ status: "SBI_SUCCESS", results: { value: 0x0300_0000n } });
  });
});

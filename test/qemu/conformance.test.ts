// The conformance-guest generator without QEMU: plans are checked against the spec (a typo is an
// error, not a guest that silently tests nothing) and probe stubs get the selector they ask for.
import { describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { conformanceGuest, type ConformancePlan } from "../../generator/emit/conformance.js";
import { ARM_PSCI, RISCV_SBI, papr } from "./plans.js";

const { model, ok } = loadModel(["spec/riscv-sbi.yaml", "spec/arm-smccc.yaml", "spec/papr.yaml"]);
const file = (g: ReturnType<typeof conformanceGuest>, p: string): string => g.files.find((f) => f.path === p)?.content ?? "";

describe("conformance guest generator", () => {
  it("loads the catalog specs the plans use", () => expect(ok).toBe(true));

  it("makes guest.c, the real header and a probe header per plan", () => {
    for (const plan of [RISCV_SBI, ARM_PSCI, papr("ppc64"), papr("ppc64le")]) {
      const g = conformanceGuest(model, plan);
      expect(g.files.map((f) => f.path)).toEqual(["guest.c", expect.stringMatching(/\.h$/), expect.stringMatching(/_probe\.h$/)]);
      expect(g.final).not.toBeNull();
      expect(new Set(g.checks).size).toBe(g.checks.length);
    }
  });

  it("recomposes a probe's selector from the identity fields it replaces", () => {
    const arm = conformanceGuest(model, ARM_PSCI);
    expect(file(arm, "arm_smccc_probe.h")).toMatch(/#define hc_arm_smccc_probe_UNKNOWN_PSCI_FN_ID 0x8400abcdULL/);
    // The probe header follows the real header's conduit choice.
    expect(file(arm, "guest.c")).toContain("#if defined(hc_arm_smccc_CONDUIT_SMC)\n#define hc_arm_smccc_probe_CONDUIT_SMC 1");
    expect(file(conformanceGuest(model, RISCV_SBI), "riscv_sbi_probe.h")).toMatch(/UNKNOWN_EID_ID 0xbadca11ULL/);
  });

  it("uses only generated functions for the calls", () => {
    const c = file(conformanceGuest(model, RISCV_SBI), "guest.c");
    expect(c).toContain("hc_riscv_sbi_sbi_probe_extension(a0)");
    expect(c).toContain("hc_riscv_sbi_probe_unknown_eid()");
    expect(c).not.toMatch(/__asm__/);
    expect(c).not.toContain("CONDUIT");   // build options are followed only where the arch has them
  });

  const bad = (steps: ConformancePlan["steps"]): ConformancePlan => ({ ...RISCV_SBI, steps });
  it.each([
    ["an unknown call", bad([{ call: "sbi_no_such_call" }]), /no call 'sbi_no_such_call'/],
    ["a wrong argument count", bad([{ call: "sbi_probe_extension" }]), /takes 1 argument/],
    ["an unknown result", bad([{ call: "sbi_get_spec_version", expect: [{ field: "nope", op: "eq", value: 0n }] }]), /no result 'nope'/],
    ["an unknown error name", bad([{ call: "sbi_get_spec_version", expect: [{ field: "error", op: "eq", value: { error: "SBI_NOPE" } }] }]), /no error 'SBI_NOPE'/],
    ["an unknown identity field", bad([{ call: "sbi_get_spec_version", probe: { name: "p", id: { nope: 1n } } }]), /no identity field 'nope'/],
    ["a duplicate check name", bad([{ call: "sbi_get_spec_version", expect: [] , check: "x", expectAny: [{ field: "error", op: "eq", value: 0n }] }, { call: "sbi_get_impl_id", check: "x", expect: [{ field: "error", op: "eq", value: 0n }] }]), /two checks named 'x'/],
  ])("rejects %s", (_, plan, msg) => {
    expect(() => conformanceGuest(model, plan)).toThrow(msg);
  });
});

// Pins a broad sample of PAPR register layouts (not only opcodes) to the source lines that show them.
// Each case names the cited file and the lines it reads: QEMU handlers read args[i] = r(4+i) and
// write results back into args[i]; KVM-HV uses kvmppc_get_gpr/kvmppc_set_gpr; Linux callers pass
// plpar_hcall* arguments in r4.. order and read retbuf[i] = r(4+i).
import { describe, expect, it } from "vitest";
import { call, loadAbi, on } from "../helpers/catalog.js";

const abi = loadAbi("papr");
const regs = (n: number, from = 4): string[] => Array.from({ length: n }, (_, i) => `r${from + i}`);

/** name, argument names, result names, the source key the call must cite, and the line it reads. */
const CASES: readonly (readonly [string, readonly string[], readonly string[], string, string])[] = [
  // hw/intc/xics_spapr.c: "target_ulong mfrr = args[1]; ... xics_icp_get(XICS_FABRIC(spapr), args[0])"
  ["H_IPI", ["server", "mfrr"], [], "qemu-xics", "h_ipi: args[0] server, args[1] mfrr"],
  // xics_spapr.c h_xirr: "args[0] = xirr;"  h_xirr_x: "args[1] = cpu_get_host_ticks();"
  ["H_XIRR", [], ["xirr"], "qemu-xics", "h_xirr: args[0] = xirr"],
  ["H_XIRR_X", [], ["xirr", "timebase"], "qemu-xics", "h_xirr_x: args[0] = xirr; args[1] = ticks"],
  ["H_IPOLL", ["server"], ["xirr", "mfrr"], "qemu-xics", "h_ipoll: args[0] = xirr; args[1] = mfrr"],
  ["H_EOI", ["xirr"], [], "qemu-xics", "h_eoi: target_ulong xirr = args[0]"],
  ["H_CPPR", ["cppr"], [], "qemu-xics", "h_cppr: target_ulong cppr = args[0]"],
  // hw/intc/spapr_xive.c: the handler comments list R4.. inputs and outputs
  ["H_INT_GET_SOURCE_INFO", ["flags", "lisn"], ["src_flags", "esb_mgmt", "esb_trigger", "esb_shift"], "qemu-xive", "Input R4 flags, R5 lisn; Output R4..R7"],
  ["H_INT_SET_SOURCE_CONFIG", ["flags", "lisn", "target", "priority", "eisn"], [], "qemu-xive", "args[0..4]"],
  ["H_INT_ESB", ["flags", "lisn", "esb_offset", "store_data"], ["load_data"], "qemu-xive", "R4..R7 in, R4 out"],
  ["H_INT_RESET", ["flags"], [], "qemu-xive", "R4 flags"],
  // hw/ppc/spapr_vio.c h_reg_crq: "reg = args[0]; queue_addr = args[1]; queue_len = args[2]"
  ["H_REG_CRQ", ["unit_address", "queue", "queue_len"], [], "qemu-vio", "h_reg_crq: args[0..2]"],
  ["H_SEND_CRQ", ["unit_address", "msg_hi", "msg_lo"], [], "qemu-vio", "h_send_crq: args[0..2]"],
  ["H_VIO_SIGNAL", ["unit_address", "mode"], [], "qemu-vio", "h_vio_signal: args[0] reg, args[1] mode"],
  // hw/net/spapr_llan.c h_send_logical_lan: "bufs = args + 1; continue_token = args[7]"; ibmveth.h passes mss in r12
  ["H_SEND_LOGICAL_LAN", ["unit_address", "desc1", "desc2", "desc3", "desc4", "desc5", "desc6", "continue_token", "mss"], ["correlator"], "qemu-llan", "bufs = args + 1; continue_token = args[7]"],
  ["H_CHANGE_LOGICAL_LAN_MAC", ["unit_address", "mac"], [], "qemu-llan", "reg = args[0]; macaddr = args[1]"],
  // drivers/net/ethernet/ibm/ibmveth.h h_illan_attributes: plpar_hcall(H_ILLAN_ATTRIBUTES, retbuf, ua, reset, set); *ret = retbuf[0]
  ["H_ILLAN_ATTRIBUTES", ["unit_address", "reset_mask", "set_mask"], ["attributes"], "linux-ibmveth", "retbuf[0]"],
  // hw/ppc/spapr_nvdimm.c h_scm_bind_mem: "args[1] = addr; args[2] = no_of_scm_blocks_to_bind"; papr_scm.c reads token = ret[0]
  ["H_SCM_BIND_MEM", ["drc_index", "start_block", "num_blocks", "target_addr", "continue_token"], ["continue_token", "bound_addr", "bound_blocks"], "qemu-nvdimm", "args[1] = addr; args[2] = blocks"],
  ["H_SCM_READ_METADATA", ["drc_index", "offset", "len"], ["data"], "qemu-nvdimm", "args[0] = data"],
  ["H_SCM_HEALTH", ["drc_index"], ["health", "health_mask"], "qemu-nvdimm", "args[0] = hbitmap; args[1] = hbitmap_mask"],
  // hw/ppc/spapr_nested.c h_enter_nested: "hv_ptr = args[0]; regs_ptr = args[1]"; h_guest_create: "env->gpr[4] = guestid"
  ["H_ENTER_NESTED", ["hv_state", "regs"], [], "qemu-nested", "hv_ptr = args[0]; regs_ptr = args[1]"],
  ["H_GUEST_CREATE", ["flags", "continue_token"], ["guest_id"], "qemu-nested", "env->gpr[4] = guestid"],
  ["H_GUEST_GET_STATE", ["flags", "guest_id", "vcpu_id", "buf", "buf_len"], ["failed_index"], "qemu-nested", "args[0..4]"],
  ["H_GUEST_RUN_VCPU", ["flags", "guest_id", "vcpu_id"], ["exit_reason"], "qemu-nested", "env->gpr[4] = r3_return"],
  // arch/powerpc/kvm/book3s_hv_nested.c: "Parameters are (r4) tlbie instruction code, (r5) rS contents, (r6) rB contents."
  ["H_TLB_INVALIDATE", ["instr", "rs", "rb"], [], "kvm-nested", "(r4) instr, (r5) rS, (r6) rB"],
  // arch/powerpc/kvm/book3s_hv_rm_mmu.c kvmppc_h_clear_ref(vcpu, flags, pte_index): "kvmppc_set_gpr(vcpu, 4, gr)"
  ["H_CLEAR_REF", ["flags", "ptex"], ["rc_bits"], "kvm-rm-mmu", "kvmppc_set_gpr(vcpu, 4, gr)"],
  // arch/powerpc/platforms/pseries/lparcfg.c h_get_ppp: plpar_hcall9(H_GET_PPP, retbuf); retbuf[0..4]
  ["H_GET_PPP", [], ["entitlement", "unallocated_entitlement", "group_pool", "weights", "platform_procs"], "linux-lparcfg", "retbuf[0..4]"],
  ["H_SET_PPP", ["entitlement", "weight"], [], "linux-lparcfg", "plpar_hcall_norets(H_SET_PPP, new_entitled, new_weight)"],
  // lpar.c h_get_mpp: retbuf[0..6]; call_block_remove: plpar_hcall9(H_BLOCK_REMOVE, retbuf, param[0] AVA, param[1..8] TS0-7)
  ["H_GET_MPP", [], ["entitled_mem", "mapped_mem", "group_pool", "weights", "pool_size", "loan_request", "backing_mem"], "linux-lpar", "retbuf[0..6]"],
  ["H_BLOCK_REMOVE", ["ava", "ts0", "ts1", "ts2", "ts3", "ts4", "ts5", "ts6", "ts7"], ["status0", "status1", "status2", "status3", "status4", "status5", "status6", "status7"], "linux-lpar", "param[0] AVA, param[1..8] TS0-7"],
  // vas.c h_allocate_vas_window: plpar_hcall9(..., wintype, credits, domain[0..5]); winid = retbuf[0] .. fault_irq = retbuf[3]
  ["H_ALLOCATE_VAS_WINDOW", ["win_type", "credits", "domain0", "domain1", "domain2", "domain3", "domain4", "domain5"], ["win_id", "paste_addr", "complete_irq", "fault_irq"], "linux-vas", "retbuf[0..3]"],
  // plpks.c plpks_read_var: plpar_hcall(H_PKS_READ_OBJECT, retbuf, auth, label, size, output, maxobjsize); datalen = retbuf[0]; policy = retbuf[1]
  ["H_PKS_READ_OBJECT", ["auth", "label", "label_size", "output", "output_size"], ["data_size", "policy"], "linux-plpks", "retbuf[0], retbuf[1]"],
  // drivers/net/ethernet/ibm/ibmvnic.c h_reg_sub_crq: plpar_hcall(H_REG_SUB_CRQ, retbuf, ua, token, length); *number = retbuf[0]; *irq = retbuf[1]
  ["H_REG_SUB_CRQ", ["unit_address", "token", "length"], ["handle", "irq"], "linux-ibmvnic", "retbuf[0], retbuf[1]"],
  // drivers/net/ethernet/ibm/ehea/ehea_phyp.c ehea_h_query_ehea_qp: adapter_handle /* R4 */ ... __pa(cb_addr) /* R8 */
  ["H_QUERY_HEA_QP", ["adapter_handle", "qp_category", "qp_handle", "sel_mask", "cb_addr"], [], "linux-ehea", "R4..R8 comments"],
  // drivers/infiniband/hw/ehca/hcp_if.c hipz_h_define_aqp1: *pma_qp_nr = outs[0]; *bma_qp_nr = outs[1]
  ["H_DEFINE_AQP1", ["adapter_handle", "qp_handle", "port"], ["pma_qp", "bma_qp"], "linux-ehca", "outs[0], outs[1]"],
  // Kingxukai/linux@0291023e plpar_wrappers.h: htm_call() = plpar_hcall_norets(H_HTM, flags, target,
  // operation, param1, param2, param3); htmdump.c calls it through htm_hcall_wrapper
  ["H_HTM", ["flags", "target", "operation", "param1", "param2", "param3"], [], "linux-plpar-wrappers-htm", "htm_call: plpar_hcall_norets(H_HTM, ...)"],
];

describe("papr layouts pinned to their sources", () => {
  it.each(CASES)("%s takes %j and returns %j (%s: %s)", (name, args, results, source) => {
    const c = call(abi, name);
    expect(c.layout).toBe("known");
    expect(c.cite).toContain(source);
    expect(abi.sources.some((s) => s.key === source)).toBe(true);
    for (const arch of ["ppc64", "ppc64le"] as const) {
      const a = on(c, arch);
      expect(a.args.map((x) => x.name)).toEqual(args);
      // Arguments go to r4.. in order; results come back from r4.. in order (r3 is the status).
      expect(args.map((x) => a.argRegs[x])).toEqual(regs(args.length).map((r) => [r]));
      expect(a.resultValues.map((x) => x.name)).toEqual(results);
      expect(results.map((x) => a.resultRegs[x]!.register)).toEqual(regs(results.length));
    }
  });

  // Kingxukai/linux@0291023e hvcall.h: "#define H_PKS_SIGNED_UPDATE 0x454 / #define H_HTM 0x458 /
  // #define H_WATCHDOG 0x45C" - a merged header now, no longer the patch mail.
  it("gives H_HTM 0x458 from a merged hvcall.h, between H_PKS_SIGNED_UPDATE and H_WATCHDOG", () => {
    expect(on(call(abi, "H_HTM"), "ppc64").selector).toEqual({ r3: 0x458n });
    expect(on(call(abi, "H_PKS_SIGNED_UPDATE"), "ppc64").selector).toEqual({ r3: 0x454n });
    expect(on(call(abi, "H_WATCHDOG"), "ppc64").selector).toEqual({ r3: 0x45cn });
    expect(call(abi, "H_HTM").cite).toEqual(expect.arrayContaining(["linux-hvcall-htm", "linux-plpar-wrappers-htm"]));
    expect(abi.sources.find((s) => s.key === "linux-hvcall-htm")).toMatchObject({
      repo: "Kingxukai/linux", path: "arch/powerpc/include/asm/hvcall.h", commit: "0291023e7330da28f2f7453c87c2ab7082d8360f",
    });
    expect(abi.sources.some((s) => s.key === "linux-htm-patch")).toBe(false);
  });

  it("pins every new source by repo, path and commit (or a document with a section)", () => {
    for (const s of abi.sources) {
      if (s.repo !== undefined) {
        expect(s.path).toBeTruthy();
        expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
      } else expect(s.section).toBeTruthy();
    }
  });

  it("marks the calls no source shows as layout: unknown, with raw r4..r12 in and out", () => {
    const unknown = abi.calls.filter((c) => c.layout === "unknown").map((c) => c.name);
    expect(unknown).toContain("H_SET_ASR");
    expect(unknown).toContain("H_GUEST_COPY_MEMORY");
    const a = on(call(abi, "H_QUERY_VAS_WINDOW"), "ppc64");
    expect(a.args.map((x) => x.name)).toEqual(regs(9));
    expect(a.args.every((x) => x.type === "ulong")).toBe(true);
    expect(a.resultValues.map((x) => a.resultRegs[x.name]!.register)).toEqual(regs(9));
  });

  it("has at least 150 calls with a known layout, and every known call without arguments truly takes none", () => {
    const known = abi.calls.filter((c) => c.layout === "known");
    expect(known.length).toBeGreaterThanOrEqual(150);
    // The only calls that pass and return nothing besides the status: each source shows it.
    const empty = known.filter((c) => c.args.length === 0 && c.results.length === 0).map((c) => c.name).sort();
    expect(empty).toEqual(["H_CEDE", "H_JOIN", "H_POLL_PENDING", "H_SVM_INIT_ABORT", "H_SVM_INIT_DONE", "H_SVM_INIT_START"]);
  });
});

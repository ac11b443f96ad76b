/// <reference lib="dom" />
// The browser page of csp.test.ts, bundled by esbuild: the runtime and a few catalog calls' round trips
// (guest stub -> trap -> generated dispatcher -> handler -> results) under `script-src 'self'`, which
// forbids eval and new Function. It writes its findings into the DOM for chromium's --dump-dom.
import { riscvSbiAbi, riscvSbiStubs, kvmX86Abi, kvmX86Stubs, armSmcccAbi, armSmcccStubs } from "../../generated/ts/index.js";
import { Machine } from "../../runtime/index.js";

const violations: { directive: string; blocked: string }[] = [];
document.addEventListener("securitypolicyviolation", (e) => {
  violations.push({ directive: e.violatedDirective, blocked: e.blockedURI });
  show();
});

const calls: Record<string, string> = {};
let error: string | null = null;
try {
  const m = new Machine({ abis: [riscvSbiAbi, kvmX86Abi, armSmcccAbi] });
  m.registerHypercall(riscvSbiAbi, "sbi_probe_extension", (a) => ({ value: a.extension_id === 0x10n ? 1n : 0n }));
  m.registerHypercall(riscvSbiAbi, "sbi_get_mvendorid", () => ({ value: 0x489n }));
  m.registerHypercall(kvmX86Abi, "KVM_HC_SEND_IPI", (a) => { calls.ipiBitmap = a.bitmap_low.toString(16); return {}; });
  m.registerHypercall(armSmcccAbi, "PSCI_0_2_FN_PSCI_VERSION", () => ({ version: 0x10001 }));
  const rv = m.createVcpu("riscv64"), x86 = m.createVcpu("x86_64"), arm = m.createVcpu("aarch64");
  const probe = riscvSbiStubs.riscv64.sbi_probe_extension(rv, { extension_id: 0x10n });
  calls.probe = `${probe.status} ${probe.results.value}`;
  const vendor = riscvSbiStubs.riscv64.sbi_get_mvendorid(rv);
  calls.mvendorid = `${vendor.status} 0x${vendor.results.value.toString(16)}`;
  const missing = riscvSbiStubs.riscv64.sbi_get_marchid(rv);   // no handler: the ABI's not-supported answer
  calls.marchid = `${missing.status} ${missing.outcome.kind}/${missing.outcome.kind === "returned" ? missing.outcome.reason : "?"}`;
  const ipi = kvmX86Stubs.x86_64.KVM_HC_SEND_IPI(x86, { bitmap_low: 0xf0n, bitmap_high: 0n, min: 0, icr: 0x400n });
  calls.ipi = `${ipi.raw}`;
  const psci = armSmcccStubs.aarch64.PSCI_0_2_FN_PSCI_VERSION(arm);
  calls.psci = `0x${psci.results.version.toString(16)}`;
  calls.counters = JSON.stringify([...m.counters()]);
  calls.dispatchers = [riscvSbiAbi, kvmX86Abi, armSmcccAbi].map((t) => t.dispatch?.format ?? "none").join(",");
} catch (e) {
  error = String(e);
}

// The policy is in force: eval is refused (this probe's violation is the one expected).
let evalBlocked = false;
try { (0, eval)("1"); } catch { evalBlocked = true; }

function show(): void {
  const out = document.getElementById("out")!;
  out.textContent = JSON.stringify({ calls, error, evalBlocked, violations });
  out.setAttribute("data-done", "1");
}
show();

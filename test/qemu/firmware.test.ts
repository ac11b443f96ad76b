// Firmware and a hypervisor made of the generated C host dispatchers, on real QEMU machines, against
// the conformance guests of the main suite (test/qemu/firmware/run.ts); two negative controls built
// from altered specs must fail. Skips with the reason when clang/lld/QEMU are missing, fails under
// HCGEN_REQUIRE_QEMU=1. Each run takes well under a second; builds dominate.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIRMWARE_TARGETS, firmwareTools, runFirmware } from "./firmware/run.js";
import { repoRoot } from "./run.js";
import { checkTools } from "../helpers/tools.js";

const OUT = join(repoRoot(), "build", "qemu-firmware", String(process.pid));
let allPassed = true;
afterAll(() => { if (allPassed) rmSync(OUT, { recursive: true, force: true }); });

describe("firmware built from the generated C dispatchers (QEMU)", () => {
  for (const t of FIRMWARE_TARGETS) {
    const tools = checkTools("qemu", `firmware test ${t.name}`, firmwareTools(t));
    if (tools.skip) {
      it.skip(`${t.name}${tools.note}`, () => {});
      continue;
    }
    it(t.name, async () => {
      expect(tools.missing, tools.failure).toEqual([]);
      const r = await runFirmware(repoRoot(), t, OUT);
      if (!r.pass) allPassed = false;
      expect(r.pass, `${r.summary}\n  ${r.calls.slice(-5).join("\n  ")}`).toBe(true);
    }, 90_000);
  }
});

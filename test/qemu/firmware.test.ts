// Firmware and a hypervisor made of the generated C host dispatchers, on real QEMU machines, against
// the conformance guests of the main suite (test/qemu/firmware/run.ts); two negative controls built
// from altered specs must fail. Skips with the reason when clang/lld/QEMU are missing, fails under
// HCGEN_REQUIRE_QEMU=1. Each run takes well under a second; builds dominate.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FIRMWARE_TARGETS, missingFirmwareTools, runFirmware } from "./firmware/run.js";
import { repoRoot } from "./run.js";

const require = process.env.HCGEN_REQUIRE_QEMU === "1";
const OUT = join(repoRoot(), "build", "qemu-firmware", String(process.pid));
let allPassed = true;
afterAll(() => { if (allPassed) rmSync(OUT, { recursive: true, force: true }); });

describe("firmware built from the generated C dispatchers (QEMU)", () => {
  for (const t of FIRMWARE_TARGETS) {
    const missing = missingFirmwareTools(t);
    if (missing.length && !require) {
      it.skip(`${t.name}: skipped, missing ${missing.join(", ")} (install with .ci/install-qemu-deps; HCGEN_REQUIRE_QEMU=1 makes this a failure)`, () => {});
      continue;
    }
    it(t.name, async () => {
      expect(missing, `missing ${missing.join(", ")}; run .ci/install-qemu-deps`).toEqual([]);
      const r = await runFirmware(repoRoot(), t, OUT);
      if (!r.pass) allPassed = false;
      expect(r.pass, `${r.summary}\n  ${r.calls.slice(-5).join("\n  ")}`).toBe(true);
    }, 90_000);
  }
});

// Runs the QEMU conformance suite (test/qemu/run.ts) inside `npm test` when clang, ld.lld and the
// emulators exist; otherwise skips with the reason (or fails when HCGEN_REQUIRE_QEMU=1). Each guest
// takes ~0.1-1 s; the negative control deliberately waits out its 5 s timeout. All run in parallel.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { missingTools, repoRoot, runSuite, type SuiteResult } from "./run.js";
import { TARGETS } from "./targets.js";
import { checkTools } from "../helpers/tools.js";

// Per target (a machine without qemu-system-ppc64 still runs the others); one message for all.
const missing = missingTools();
const tools = checkTools("qemu", "QEMU conformance guests of missing tools", [...new Set([...missing.values()].flat())]);
// Own output directory per run: `npm test` may run while someone runs `npm run test:qemu` (or another
// `npm test`), and builds sharing build/qemu would delete each other's files. Kept when a guest fails.
const OUT = `qemu-vitest/${process.pid}`;
let allPassed = true;
afterAll(() => { if (allPassed) rmSync(join(repoRoot(), "build", OUT), { recursive: true, force: true }); });

describe("QEMU conformance guests (generated C stubs on real firmware)", () => {
  if (tools.skip) it.skip(`${[...missing.keys()].join(", ")}${tools.note}`, () => {});
  if (missing.size && tools.required) {
    it("has every tool (HCGEN_REQUIRE_QEMU=1)", () => {
      expect(tools.missing, `${tools.failure}, for ${[...missing.keys()].join(", ")}`).toEqual([]);
    });
  }
  const runnable = TARGETS.filter((t) => !missing.has(t.name));
  if (runnable.length === 0) return;
  let suite: Promise<SuiteResult> | null = null;
  const once = (): Promise<SuiteResult> => (suite ??= runSuite({ only: runnable.map((t) => t.name), quiet: true, out: `${OUT}/guests` }));
  for (const t of runnable) {
    it(t.name, async () => {
      const r = (await once()).results.find((x) => x.name === t.name);
      // The summary names the failing check or the last call made, and the console log.
      if (!r?.pass) allPassed = false;
      expect(r?.pass, r ? `${r.summary}\n  ${r.calls.slice(-5).join("\n  ")}` : "no result").toBe(true);
    }, 60_000);
  }
});

// Mutants: the same guests built from a header broken on purpose must FAIL, so a wrong register in a
// generated stub cannot pass silently (the wrong conduit is covered by aarch64-wrong-conduit).
const MUTANTS: readonly { target: string; why: string; file: string; from: RegExp; to: string }[] = [
  { target: "riscv64-sbi", why: "sbiret error/value read from swapped registers", file: "riscv_sbi.h",
    from: /\{ \.error = _hc_a0, \.value = _hc_a1 \}/g, to: "{ .error = _hc_a1, .value = _hc_a0 }" },
  { target: "ppc64le-papr", why: "H_PUT_TERM_CHAR bytes in r5 instead of the length", file: "papr.h",
    from: /(__asm__\("r5"\) = )\(unsigned long\)\(len\)/g, to: "$1(unsigned long)(chars0_7 + 0 * len)" },
];

describe("QEMU conformance: broken stubs are caught", () => {
  const skipped = MUTANTS.filter((m) => missing.has(m.target)).map((m) => m.target);
  // The reason is the suite's above (or its failure under HCGEN_REQUIRE_QEMU=1); a suite needs one test.
  if (skipped.length) it.skip(`mutants of ${[...new Set(skipped)].join(", ")}${tools.note}`, () => {});
  for (const m of MUTANTS) {
    if (missing.has(m.target)) continue;
    it(`${m.target} fails when ${m.why}`, async () => {
      let applied = 0;
      const { results } = await runSuite({
        only: [m.target], quiet: true, out: `${OUT}/mutants`,
        mutate: (path, text) => (path === m.file ? text.replace(m.from, (...a) => { applied++; return m.to.replace("$1", String(a[1] ?? "")); }) : text),
      });
      if (applied === 0 || results[0]?.pass !== false) allPassed = false;
      expect(applied, `mutation did not apply to ${m.file}: update the pattern to the header's current text`).toBeGreaterThan(0);
      expect(results[0]?.pass, results[0]?.summary).toBe(false);
      // Caught by the machine, not by the compiler: the mutant must build and run.
      expect(results[0]?.reasons.join("; ")).not.toMatch(/^build failed/);
    }, 60_000);
  }
});

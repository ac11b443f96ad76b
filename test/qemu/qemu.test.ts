// Runs the QEMU conformance suite (test/qemu/run.ts) inside `npm test` when clang, ld.lld and the
// emulators exist; otherwise skips with the reason (or fails when HCGEN_REQUIRE_QEMU=1). Each guest
// takes ~0.1-1 s; the negative control deliberately waits out its 5 s timeout. All run in parallel.
import { describe, expect, it } from "vitest";
import { missingTools, runSuite, type SuiteResult } from "./run.js";
import { TARGETS } from "./targets.js";

const missing = missingTools();
const require = process.env.HCGEN_REQUIRE_QEMU === "1";
const reason = [...new Set([...missing.values()].flat())].join(", ");

describe("QEMU conformance guests (generated C stubs on real firmware)", () => {
  if (missing.size && !require) {
    it.skip(`skipped: missing ${reason} (install with .ci/install-qemu-deps; HCGEN_REQUIRE_QEMU=1 makes this a failure)`, () => {});
  }
  if (missing.size && require) {
    it("has every tool (HCGEN_REQUIRE_QEMU=1)", () => {
      expect.fail(`missing ${reason} for ${[...missing.keys()].join(", ")}; run .ci/install-qemu-deps`);
    });
  }
  const runnable = TARGETS.filter((t) => !missing.has(t.name));
  if (runnable.length === 0) return;
  let suite: Promise<SuiteResult> | null = null;
  const once = (): Promise<SuiteResult> => (suite ??= runSuite({ only: runnable.map((t) => t.name), quiet: true }));
  for (const t of runnable) {
    it(t.name, async () => {
      const r = (await once()).results.find((x) => x.name === t.name);
      // The summary names the failing check or the last call made, and the console log.
      expect(r?.pass, r ? `${r.summary}\n  ${r.calls.slice(-5).join("\n  ")}` : "no result").toBe(true);
    }, 60_000);
  }
});

// External tools of the tests (clang, lld, llvm, gcc, QEMU, chromium, mkfifo): found on PATH by the
// which() `hcgen conform` itself uses (no shell), with one rule per suite: missing tools skip the
// tests with one message naming them and the .ci script that installs them, unless the suite's
// HCGEN_REQUIRE_* variable is 1 (set by .ci/run), which turns the skip into a failure.
import { which } from "../../generator/conform/tools.js";

export { which };

export type Suite = "clang" | "qemu" | "browser";
const SUITES: Readonly<Record<Suite, { readonly variable: string; readonly install: string }>> = {
  clang: { variable: "HCGEN_REQUIRE_CLANG", install: ".ci/install-qemu-deps" },
  qemu: { variable: "HCGEN_REQUIRE_QEMU", install: ".ci/install-qemu-deps" },
  browser: { variable: "HCGEN_REQUIRE_BROWSER", install: ".ci/install-browser-deps" },
};

export interface ToolCheck {
  /** The tools not on PATH. */
  readonly missing: readonly string[];
  /** The suite's HCGEN_REQUIRE_* variable is 1: missing tools are a failure. */
  readonly required: boolean;
  /** Tools are missing and not required: skip (the warning was printed). */
  readonly skip: boolean;
  /** For a test title: "" when nothing is missing, else " (skipped: ...)". */
  readonly note: string;
  /** The assertion message when tools are required but missing: expect(c.missing, c.failure).toEqual([]). */
  readonly failure: string;
}

/** Whether the suite's HCGEN_REQUIRE_* variable is set to 1. */
export function required(suite: Suite, env: NodeJS.ProcessEnv = process.env): boolean {
  return env[SUITES[suite].variable] === "1";
}

/**
 * Checks the tools the `what` tests of `suite` need; when they will be skipped, warns once with the
 * reason ("skipping <what>: clang, ld.lld not installed (install with ...; set ...=1 to fail instead)").
 */
export function checkTools(suite: Suite, what: string, tools: readonly string[], env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = console.warn): ToolCheck {
  const { variable, install } = SUITES[suite];
  const missing = tools.filter((t) => !which(t));
  const req = required(suite, env);
  const skip = missing.length > 0 && !req;
  const names = `${missing.join(", ")} not installed`;
  if (skip) warn(`skipping ${what}: ${names} (install with bash ${install}; set ${variable}=1 to fail instead)`);
  return {
    missing, required: req, skip,
    note: missing.length > 0 ? ` (skipped: ${names})` : "",
    failure: `${variable}=1 but ${names} (install with bash ${install})`,
  };
}

/** The first of `names` on PATH (e.g. chromium or chromium-browser), or null. */
export function firstOnPath(names: readonly string[]): string | null {
  for (const n of names) if (which(n)) return n;
  return null;
}

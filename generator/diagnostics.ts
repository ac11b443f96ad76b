// One catalog of diagnostic codes (as quicktype's Messages.ts): every problem hcgen reports about a
// spec has a code here, a one-line title for `--help`, and is rendered the same way everywhere.

export const CODES = {
  // Input and YAML (HC0xx)
  HC001: "file cannot be read",
  HC002: "file is empty",
  HC003: "file is too large",
  HC004: "file is not UTF-8 text",
  HC005: "YAML syntax error",
  HC006: "duplicate key",
  HC007: "too many aliases (possible alias bomb)",
  HC008: "schema violation",
  HC009: "unsupported spec language version",
  // Semantic checks (HC1xx)
  HC101: "duplicate call identity in one number space",
  HC102: "number wider than its selector field",
  HC103: "more arguments than argument registers",
  HC104: "register the arch does not have",
  HC105: "overlapping magic values",
  HC106: "number inside a reserved range",
  HC107: "number of a removed call reused",
  HC108: "invalid C or TypeScript identifier, or a keyword",
  HC109: "trap encoding does not fit the arch",
  HC110: "one error name with two values",
  HC111: "duplicate name",
  HC112: "unknown reference",
  HC113: "incomplete call identity",
  HC114: "arch facts disagree with the ISA",
  HC115: "bit range invalid or overlapping",
  HC116: "error value does not follow the sign convention",
  HC117: "number space conflict between files",
  HC118: "duplicate ABI id",
  HC119: "result wider than its register",
  HC120: "one register or operand carries two values",
  HC130: "bidi control or invisible character in the spec (Trojan Source)",
  HC131: "two names become one generated identifier",
  HC132: "YAML nested too deeply, or an alias that contains itself",
  HC133: "'__proto__' as a key or name",
  // Hardening (issue 19): values wider than their home; YAML that would change numbers or text.
  HC140: "error value wider than its status register",
  HC141: "magic value wider than its register",
  HC142: "range bound wider than its identity field",
  HC143: "unsupported YAML version directive",
  HC144: "floating-point number (hcgen reads integers and strings)",
  HC145: "text is not valid Unicode (lone surrogate)",
  HC150: "a call of unknown layout lists arguments or results",
  HC151: "two error names share a value without `alias:`, or an alias is wrong",
  HC152: "a rep call does not declare rep_count, rep_start and reps_completed",
  // Usage (HC2xx)
  HC201: "no spec files found",
  // Conformance plans (HC4xx), `hcgen conform`.
  HC401: "invalid conformance plan",
  // Lockfile (HC3xx), reserved for `spec/hcgen.lock`.
  HC301: "spec and lockfile disagree",
  HC302: "lockfile cannot be read",
} as const;

export type Code = keyof typeof CODES;
export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly file: string;       // as given (relative to cwd when possible)
  readonly line: number;       // 1-based
  readonly col: number;        // 1-based
  readonly severity: Severity;
  readonly code: Code;
  readonly message: string;
  readonly path: string;       // field path, e.g. "arches.ppc64.args[3]"
  readonly hint?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message}`;
  const where = d.path ? ` (at ${d.path})` : "";
  return d.hint ? `${head}${where}\n  hint: ${d.hint}` : `${head}${where}`;
}

export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Renders a JSON-ish path array as `a.b[2].c`. */
export function pathString(path: readonly (string | number)[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s === "" ? p : `.${p}`;
  return s;
}

/** Thrown for user errors that end a command (usage problems); never printed with a stack. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

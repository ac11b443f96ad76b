// Every identifier hcgen emits is derived here (as protoplugin's safe-identifier.ts and quicktype's
// Namespace): emitters never concatenate names themselves. The validator uses the keyword sets to
// reject spec names that could not be emitted as they are.

const C_KEYWORDS = new Set([
  "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
  "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
  "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
  "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
  "_Static_assert", "_Thread_local", "asm", "bool", "true", "false",
]);

const TS_RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
  "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
  "while", "with", "implements", "interface", "let", "package", "private", "protected", "public",
  "static", "yield", "await", "arguments", "eval", "undefined", "NaN", "Infinity", "constructor", "__proto__",
]);

export function keywordClash(name: string): "C" | "TypeScript" | null {
  if (C_KEYWORDS.has(name)) return "C";
  if (TS_RESERVED.has(name)) return "TypeScript";
  if (/^__/.test(name) || /^_[A-Z]/.test(name)) return "C"; // reserved for the C implementation
  return null;
}

const words = (name: string): string[] =>
  name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toLowerCase());

/** sbi_get_spec_version -> sbiGetSpecVersion; KVM_HC_KICK_CPU -> kvmHcKickCpu */
export function camel(name: string): string {
  const ws = words(name);
  const s = ws.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

/** riscv-sbi -> RiscvSbi */
export function pascal(name: string): string {
  const c = camel(name);
  return c[0]!.toUpperCase() + c.slice(1);
}

/** PSCI_VERSION / sbi_get_spec_version -> PSCI_VERSION / SBI_GET_SPEC_VERSION */
export function constName(name: string): string {
  return words(name).join("_").toUpperCase();
}

/** riscv-sbi -> riscv_sbi (C prefixes, file names) */
export function snake(name: string): string {
  return words(name).join("_");
}

/** A TS identifier that is safe as a local or parameter name. */
export function safeTsIdent(name: string): string {
  const c = camel(name);
  return TS_RESERVED.has(c) ? `${c}_` : c;
}

// ---- C guest headers (generator/emit/c*.ts) ----
// Spec names are already valid C identifiers (the validator rejects keywords), so the C API only
// changes their case; snake()/constName() would split "DIAG9C" into "DIAG9_C", which nobody expects.

/** riscv-sbi -> hc_riscv_sbi: prefix of every identifier in an ABI's C header. */
export function cPrefix(abiId: string): string {
  return `hc_${snake(abiId)}`;
}

/** riscv-sbi -> c/riscv_sbi.h */
export function cHeaderPath(abiId: string): string {
  return `c/${snake(abiId)}.h`;
}

/** Macro name: (hc_papr, H_PUT_TERM_CHAR, "ID") -> hc_papr_H_PUT_TERM_CHAR_ID */
export function cMacro(prefix: string, name: string, suffix = ""): string {
  return `${prefix}_${name.toUpperCase()}${suffix ? `_${suffix}` : ""}`;
}

/** Function name: (hc_riscv_sbi, sbi_get_spec_version) -> hc_riscv_sbi_sbi_get_spec_version */
export function cFunction(prefix: string, callName: string): string {
  return `${prefix}_${callName.toLowerCase()}`;
}

/** Struct tag of a convention's result: default -> hc_x_ret, legacy -> hc_x_legacy_ret */
export function cRetStruct(prefix: string, convention: string): string {
  return convention === "default" ? `${prefix}_ret` : `${prefix}_${convention.toLowerCase()}_ret`;
}


// ---- C host dispatchers (generator/emit/c-dispatch*.ts) ----
// Same prefix as the guest header (the dispatch header includes it); call-level names lower-case the
// call as the guest stubs do, so `.sbi_get_spec_version` in a handler table reads like the stub.

/** riscv-sbi -> c/riscv_sbi_dispatch.h */
export function cDispatchHeaderPath(abiId: string): string {
  return `c/${snake(abiId)}_dispatch.h`;
}

/** Per-arch function of the dispatch header: (hc_riscv_sbi, dispatch, riscv64) -> hc_riscv_sbi_dispatch_riscv64 */
export function cArchFunction(prefix: string, what: string, arch: string): string {
  return `${prefix}_${what}_${arch}`;
}

/** Struct tag of a call's arguments or results: hc_riscv_sbi_sbi_probe_extension_args */
export function cCallStruct(prefix: string, callName: string, what: "args" | "results"): string {
  return `${prefix}_${callName.toLowerCase()}_${what}`;
}

/** Member of the handler table for a call: the call name, lower-cased. */
export function cHandlerMember(callName: string): string {
  return callName.toLowerCase();
}

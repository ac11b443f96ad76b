// The change classes `hcgen diff` reports. A BREAKING change makes an existing guest or host binary
// wrong (a number, register, instruction or value it was compiled with now means something else);
// a COMPATIBLE one only adds or documents. Rule ids are what `acknowledged_breaks[].rule` names.

export const BREAKING_RULES = {
  "call-renumbered": "a call's number (identity) changed",
  "call-removed": "a call disappeared without being marked `removed:` (or covered by a reserved range)",
  "number-reused": "a number that belonged to another (possibly removed) call now names a different call",
  "args-changed": "arguments reordered, dropped, or retyped",
  "convention-changed": "a register convention changed (selector, argument or result registers, clobbers)",
  "trap-changed": "a trap instruction changed, disappeared, or a call now uses another trap",
  "error-changed": "an error value or the error sign/success convention changed, or an error was dropped",
  "magic-changed": "a magic value, its register, or its arches changed, or it was dropped",
  "arch-dropped": "an arch (or a call's arch, or a whole ABI) was dropped",
} as const;

export const COMPATIBLE_RULES = {
  "call-added": "a call was added",
  "call-deprecated": "a call was marked deprecated",
  "call-retired": "a call was marked `removed:` (its number stays reserved)",
  "arch-added": "an arch was added (to the ABI or to a call)",
  "error-added": "an error code was added",
  "magic-added": "a magic value was added",
  "args-added": "arguments were appended after the existing ones",
  "layout-changed": "a call's register layout became known (it was `layout: unknown`), or a call that declared no arguments or results was marked `layout: unknown`",
  "docs-changed": "documentation, sources, notes or ranges changed",
} as const;

export type BreakingRule = keyof typeof BREAKING_RULES;
export type Rule = BreakingRule | keyof typeof COMPATIBLE_RULES;

export interface Change {
  readonly rule: Rule;
  readonly breaking: boolean;
  readonly abi: string;
  readonly name: string;              // the call, error, magic, arch or ABI the change is about
  readonly message: string;
  readonly file: string;              // the current spec (or the old one when the ABI is gone)
  readonly line: number;
  readonly col: number;
  /** The `acknowledged_breaks` reason when a breaking change was acknowledged in the current spec. */
  acknowledged?: string;
}

export const isBreaking = (rule: Rule): rule is BreakingRule => rule in BREAKING_RULES;

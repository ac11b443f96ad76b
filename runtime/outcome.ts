// What executing an instruction at pc did. Allocation-free on the hot path: a dispatched call returns
// a result object preallocated for that call; only the rare outcomes build new objects.
import type { Mode } from "./types.js";

/** Why the runtime (not a handler) answered a call with an error status. */
export type RuntimeReason =
  | "unknown-call"       // no call of any ABI has this selector
  | "reserved"           // the selector falls in a reserved range of the spec
  | "no-handler"         // the call exists but nothing is registered for it
  | "denied"             // privilege rule answered with an error
  | "failed"             // the handler threw
  | "invalid-address";   // the handler touched a bad guest address

export type StepResult =
  | {
      readonly kind: "returned";
      /** "handler" when a handler produced the answer, "runtime" when the runtime answered. */
      readonly by: "handler" | "runtime";
      readonly abi: string;
      readonly call: string | null;
      /** For runtime answers: the error name written (null when the ABI names none). */
      readonly error: string | null;
      readonly reason: RuntimeReason | null;
      /** E.g. "vmmcall patched to vmcall" (the other vendor's instruction was accepted). */
      readonly note: string | null;
    }
  | { readonly kind: "fault"; readonly abi: string | null; readonly fault: string; readonly reason: string }
  | { readonly kind: "reflected"; readonly abi: string; readonly to: Mode; readonly reason: string }
  | { readonly kind: "not-hypercall"; readonly reason: string };

export type ReturnedResult = Extract<StepResult, { readonly kind: "returned" }>;

/** What a generated guest stub returns. */
export interface CallReturn<R, E extends string> {
  readonly outcome: StepResult;
  /** The status register's error name (null without a status register or for an unlisted value). */
  readonly status: E | null;
  /** The status register (or status bits) as read back, null when the convention has none. */
  readonly raw: bigint | null;
  readonly results: R;
}

export const NOT_HYPERCALL: StepResult = Object.freeze({ kind: "not-hypercall", reason: "no trap instruction of a loaded ABI at pc" });

// `hcgen decode --format json`: one JSON object per log event, one per line (JSON Lines), written as
// the log streams (a large log never has to be held whole, and a consumer reads it line by line).
// Numbers are strings: register values are 64-bit and a JSON number would lose bits beyond 2^53.
import { identityKey } from "../evolution/identity.js";
import type { Decoded, DecodedArg, DecodedResult } from "./decode.js";

/** The shape's name; documented in README ("decode --format json"). */
export const DECODE_FORMAT = "hcgen-decode/1";

interface JsonArg { name: string; type: string; value: string; text: string }
const arg = (a: DecodedArg): JsonArg => ({ name: a.name, type: a.type, value: a.value.toString(), text: a.text });
const hex = (v: bigint) => `0x${v.toString(16)}`;

/** A decoded hypercall (known or unknown), with its result when the log carried one. */
export function decodedJson(file: string, line: number, d: Decoded, result: DecodedResult | null): string {
  const selector: Record<string, string> = {};
  for (const [r, v] of d.selector) selector[r] = hex(v);
  return JSON.stringify({
    file, line, kind: d.call ? "call" : "unknown", abi: d.abi.id, arch: d.arch.arch,
    call: d.call?.name ?? null, id: d.call ? identityKey(d.abi, d.callArch!.id) : null,
    selector, args: d.args.map(arg),
    result: result === null ? null : { status: result.status, values: result.values.map(arg) },
  });
}

/** A VM exit line (ftrace kvm_exit). */
export function exitJson(file: string, line: number, reason: string, rip: string | null, hypercall: boolean): string {
  return JSON.stringify({ file, line, kind: "exit", reason, rip, hypercall });
}

/** A line that could not be decoded: the message the text output prints on stderr. */
export function errorJson(file: string, line: number, message: string): string {
  return JSON.stringify({ file, line, kind: "error", message });
}

// Resolving "a call by name or by number" against a generated table, with errors that say what exists.
import type { AbiTable } from "./types.js";

/** The call name for `call`: a name, identity fields ({eid: 0x10n, fid: 0n}), or a number (single-field ABIs). */
export function resolveCall(abi: AbiTable<any, any>, call: string | Readonly<Record<string, bigint>> | bigint): string {
  if (typeof call === "string") {
    if (!Object.hasOwn(abi.calls, call)) throw new Error(`${abi.id} has no call '${call}'`);
    return call;
  }
  let want: Readonly<Record<string, bigint>>;
  if (typeof call === "bigint") {
    if (abi.fields.length !== 1) throw new Error(`${abi.id} identifies calls by ${abi.fields.map((f) => f.name).join(" + ")}; pass them as an object`);
    want = { [abi.fields[0]!.name]: call };
  } else want = call;
  const names = new Set<string>();
  for (const [name, entry] of Object.entries(abi.calls))
    for (const a of Object.values(entry.arches)) {
      if (a === undefined) continue;
      const keys = Object.keys(a.id);
      if (keys.length === Object.keys(want).length && keys.every((k) => want[k] === a.id[k])) names.add(name);
    }
  const shown = Object.entries(want).map(([k, v]) => `${k}=0x${v.toString(16)}`).join(", ");
  if (names.size === 0) throw new Error(`${abi.id} has no call with ${shown}`);
  if (names.size > 1) throw new Error(`${shown} names several ${abi.id} calls (${[...names].join(", ")}); register by name`);
  return [...names][0]!;
}

// A call's identity on one arch as a stable text key ("eid=0x10 fid=0x3"), shared by the lockfile,
// `hcgen diff` and `hcgen allocate`. Text (not bigints) so it round-trips through the lockfile
// unchanged and compares with ===.
import type { Abi, Call } from "../model.js";
import { hex } from "../spec-values.js";

/** Fields in the ABI's selector order, so "eid=.. fid=.." never becomes "fid=.. eid=..". */
export function identityKey(abi: Abi, id: Readonly<Record<string, bigint>>): string {
  const order = abi.fields.map((f) => f.name);
  const names = Object.keys(id).sort((a, b) => (order.indexOf(a) - order.indexOf(b)) || (a < b ? -1 : a > b ? 1 : 0));
  return names.map((n) => `${n}=${hex(id[n]!)}`).join(" ");
}

export function parseIdentityKey(key: string): Record<string, bigint> | null {
  const out: Record<string, bigint> = {};
  for (const part of key.trim().split(/\s+/)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(-?0x[0-9a-f]+)$/.exec(part);
    if (!m) return null;
    out[m[1]!] = m[2]!.startsWith("-") ? -BigInt(m[2]!.slice(1)) : BigInt(m[2]!);
  }
  return out;
}

/** Identity key -> arches that carry the call under that identity (most calls: one key, all arches). */
export function callIdentities(abi: Abi, call: Call): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ca of call.arches) {
    const k = identityKey(abi, ca.id);
    out.set(k, [...(out.get(k) ?? []), ca.arch].sort());
  }
  return out;
}

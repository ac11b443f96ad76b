// `hcgen allocate`: pick the next free call number and append the call to the spec text.
// "Next" is one past the highest number ever used in the slot (spec, lock, removed calls, and the
// other files of a shared number space), skipping reserved ranges: gaps are never filled, because a
// gap may be a number another file of the number space (or an old release) already gave away.
import type { Node } from "yaml";
import { yaml } from "../yaml-lib.js";
import { UsageError } from "../diagnostics.js";
import type { Abi, Call } from "../model.js";
import { hex } from "../spec-values.js";
import { parseIdentityKey } from "./identity.js";
import type { LockAbi } from "./lock.js";

export interface Slot {
  readonly field: string;                               // the identity field to allocate
  readonly fixed: Readonly<Record<string, bigint>>;     // the group's other identity fields
  readonly groupIndex: number | null;                   // index in the spec's `groups`, null = top-level calls
}

export function findSlot(abi: Abi, group: string | undefined): Slot {
  const g = group === undefined ? null : abi.groups.find((x) => x.name === group);
  if (group !== undefined && !g) throw new UsageError(`ABI '${abi.id}' has no group '${group}' (groups: ${abi.groups.map((x) => x.name).join(", ") || "none"})`);
  const members = abi.calls.filter((c) => c.group === (g?.name ?? null));
  // The fields a call of this slot carries: those of an existing member, else every ABI field.
  const fields = members[0]?.arches[0] ? Object.keys(members[0].arches[0].id) : abi.fields.map((f) => f.name);
  const fixed = g?.id ?? {};
  const open = fields.filter((f) => !(f in fixed));
  if (open.length !== 1) {
    throw new UsageError(open.length === 0
      ? `group '${g?.name}' fixes every identity field; there is nothing to allocate`
      : `calls ${g ? `of group '${g.name}'` : "outside groups"} need ${open.join(", ")}; pass --group to pick a group that fixes all but one field`);
  }
  return { field: open[0]!, fixed, groupIndex: g ? abi.groups.indexOf(g) : null };
}

/** Every value of `slot.field` ever used in this slot, on any arch. */
function usedValues(abi: Abi, slot: Slot, lock: LockAbi | undefined, shared: readonly Abi[]): bigint[] {
  const out: bigint[] = [];
  const inSlot = (id: Readonly<Record<string, bigint>>) => Object.entries(slot.fixed).every(([k, v]) => id[k] === v);
  const fromCalls = (calls: readonly Call[]) => {
    for (const c of calls) for (const ca of c.arches) if (inSlot(ca.id) && ca.id[slot.field] !== undefined) out.push(ca.id[slot.field]!);
  };
  fromCalls(abi.calls);
  for (const e of lock?.values() ?? []) for (const key of Object.values(e.ids)) {
    const id = parseIdentityKey(key);
    if (id && inSlot(id) && id[slot.field] !== undefined) out.push(id[slot.field]!);
  }
  // Files sharing the number space share the last field's numbers (KVM_HC_*: x86, PPC, MIPS).
  for (const other of shared) {
    const last = other.fields[other.fields.length - 1]?.name;
    if (last === slot.field) for (const c of other.calls) for (const ca of c.arches) if (ca.id[last] !== undefined) out.push(ca.id[last]!);
  }
  return out;
}

export function nextNumber(abi: Abi, slot: Slot, lock: LockAbi | undefined, shared: readonly Abi[]): bigint {
  const used = usedValues(abi, slot, lock, shared);
  let n = used.length ? used.reduce((a, b) => (b > a ? b : a)) + 1n : 0n;
  const blocked = abi.ranges.filter((r) => r.field === slot.field && r.use === "reserved");
  for (let moved = true; moved;) {
    moved = false;
    for (const r of blocked) if (n >= r.from && n <= r.to) { n = r.to + 1n; moved = true; }
  }
  const width = abi.fields.find((f) => f.name === slot.field)?.width ?? 64;
  if (n >= 1n << BigInt(width)) throw new UsageError(`no free ${slot.field} left: ${hex(n)} does not fit its ${width}-bit field`);
  return n;
}

/**
 * Appends `- name: NAME / id: N` after the last call of the slot, with the indentation of its
 * neighbours, leaving every other byte of the file (comments, quoting, blank lines) as it was.
 */
export function insertCall(text: string, slot: Slot, name: string, value: bigint): string {
  const doc = yaml().parseDocument(text, { keepSourceTokens: false });
  const path = slot.groupIndex === null ? ["calls"] : ["groups", slot.groupIndex, "calls"];
  const seq = doc.getIn(path, true) as Node | undefined;
  const last = yaml().isSeq(seq) ? (seq.items[seq.items.length - 1] as Node | undefined) : undefined;
  const lastId = yaml().isMap(last) ? last.get("id", true) : undefined;
  const asHex = yaml().isScalar(lastId) && lastId.range ? /^0x/i.test(text.slice(lastId.range[0], lastId.range[1])) : false;
  const num = asHex || value > 255n ? hex(value) : value.toString();
  const body = (dash: string, key: string) =>
    `${dash}- name: ${name}\n${key}id: ${num}\n${key}args: []\n${key}results: []\n${key}doc: "TODO: describe ${name}."\n`;
  if (!last?.range) {
    if (slot.groupIndex !== null || seq !== undefined) throw new UsageError("the target `calls:` list is empty or in flow style; add the first call by hand");
    // No top-level `calls:` yet: start one at the end of the file.
    return `${text.replace(/\n*$/, "\n")}\ncalls:\n${body("  ", "    ")}`;
  }
  const start = last.range[0];
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const prefix = text.slice(lineStart, start);
  const dashAt = prefix.lastIndexOf("-");
  if (dashAt < 0 || prefix.slice(0, dashAt).trim() !== "") throw new UsageError("cannot tell the indentation of the calls list; add the call by hand");
  const endOfItem = last.range[1];
  const nl = text.indexOf("\n", endOfItem > 0 ? endOfItem - 1 : 0);
  const at = nl < 0 ? text.length : nl + 1;
  const before = nl < 0 ? `${text}\n` : text.slice(0, at);
  return before + body(" ".repeat(dashAt), " ".repeat(prefix.length)) + text.slice(at);
}

// spec/hcgen.lock: every call number ever assigned, per ABI, so a number once published is never
// silently moved or reused. One line per call, sorted by name: two branches that each add a call
// merge without a textual conflict, and the merged lock then fails validation if they picked the
// same number (HC301), which is the point.
//
//   hcgen-lock: 1
//   abis:
//     riscv-sbi:
//       sbi_get_spec_version: { riscv32: "eid=0x10 fid=0x0", riscv64: "eid=0x10 fid=0x0" }
//       old_call: { riscv64: "eid=0x11 fid=0x0", removed: true }
import { renameSync, writeFileSync } from "node:fs";
import { yaml } from "../yaml-lib.js";
import type { Abi } from "../model.js";
import { FastLines, parseFast, type PosMap } from "../fast-yaml.js";
import { readBoundedText } from "../read-bounded.js";
import { MAX_LOCK_BYTES } from "../spec-files.js";
import { callIdentities, parseIdentityKey } from "./identity.js";

export { LOCK_NAME } from "../spec-files.js";

export interface LockEntry {
  readonly ids: Readonly<Record<string, string>>;   // arch -> identity key
  readonly removed: boolean;
  readonly line: number;                             // 1-based line in the lockfile (0 when built in memory)
}
export type LockAbi = ReadonlyMap<string, LockEntry>;
export interface Lock { readonly abis: ReadonlyMap<string, LockAbi> }

export class LockError extends Error {
  constructor(message: string, readonly line: number) { super(message); }
}

const ARCH_RE = /^[a-z][a-z0-9_]*$/;

export function parseLock(text: string): Lock {
  return parseLockFast(text) ?? parseLockDocument(text);
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The common case without the yaml library (issue 16): a well-formed lock read by fast-yaml.ts.
 * Null on anything parseLockDocument() might refuse, which then reads it and names the problem.
 */
export function parseLockFast(text: string): Lock | null {
  const fast = parseFast(text);
  if (fast === null || String(fast.value["hcgen-lock"]) !== "1") return null;
  const abis = new Map<string, LockAbi>();
  const abisValue = fast.value.abis;
  if (abisValue === undefined) return { abis };
  const abisPos = fast.root.pairs.get("abis")!.value;
  if (!isRecord(abisValue) || typeof abisPos === "number" || !("pairs" in abisPos)) return null;
  const lines = new FastLines(fast.lineStarts);
  for (const [id, abiPair] of abisPos.pairs) { // document order, as the yaml library's items
    const callsValue = abisValue[id];
    if (!isRecord(callsValue)) return null;
    const calls = new Map<string, LockEntry>();
    for (const [name, pair] of (abiPair.value as PosMap).pairs) {
      const js = callsValue[name];
      if (!isRecord(js)) return null;
      const ids: Record<string, string> = {};
      let removed = false;
      for (const [k, v] of Object.entries(js)) {
        if (k === "removed") { removed = v === true; continue; }
        if (!ARCH_RE.test(k) || typeof v !== "string" || parseIdentityKey(v) === null) return null;
        ids[k] = v;
      }
      calls.set(name, { ids, removed, line: lines.linePos(pair.keyStart).line });
    }
    abis.set(id, calls);
  }
  return { abis };
}

export function parseLockDocument(text: string): Lock {
  const lines = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) throw new LockError(doc.errors[0]!.message.split("\n")[0]!.replace(/ at line \d+, column \d+.*$/, ""), lines.linePos(doc.errors[0]!.pos[0]).line);
  const lineOf = (n: { range?: [number, number, number] | null | undefined } | null | undefined) => (n?.range ? lines.linePos(n.range[0]).line : 1);
  const root = doc.contents;
  if (!yaml().isMap(root) || String(root.get("hcgen-lock")) !== "1") throw new LockError("not an hcgen lockfile (expected `hcgen-lock: 1`)", 1);
  const abisNode = root.get("abis", true);
  const abis = new Map<string, LockAbi>();
  if (abisNode === undefined || abisNode === null) return { abis };
  if (!yaml().isMap(abisNode)) throw new LockError("`abis` must be a mapping of ABI id to calls", lineOf(abisNode as never));
  for (const abiPair of abisNode.items) {
    const id = String(yaml().isScalar(abiPair.key) ? abiPair.key.value : abiPair.key);
    const calls = new Map<string, LockEntry>();
    const callsNode = abiPair.value;
    if (callsNode !== null && !yaml().isMap(callsNode)) throw new LockError(`ABI '${id}': expected a mapping of call name to identities`, lineOf(abiPair.key as never));
    for (const pair of yaml().isMap(callsNode) ? callsNode.items : []) {
      if (!yaml().isPair(pair) || !yaml().isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      const line = lineOf(pair.key);
      const js: unknown = yaml().isMap(pair.value) ? pair.value.toJSON() : null;
      if (js === null || typeof js !== "object") throw new LockError(`call '${name}': expected { arch: "field=0x.." ... }`, line);
      const ids: Record<string, string> = {};
      let removed = false;
      for (const [k, v] of Object.entries(js as Record<string, unknown>)) {
        if (k === "removed") { removed = v === true; continue; }
        if (!ARCH_RE.test(k) || typeof v !== "string" || parseIdentityKey(v) === null) {
          throw new LockError(`call '${name}': '${k}: ${String(v)}' is not an arch identity such as riscv64: "eid=0x10 fid=0x0"`, line);
        }
        ids[k] = v;
      }
      calls.set(name, { ids, removed, line });
    }
    abis.set(id, calls);
  }
  return { abis };
}

// The size limit (spec-files.ts MAX_LOCK_BYTES): the lockfile lists every call once, far below it even for the largest catalogs.
export { MAX_LOCK_BYTES };

export function readLock(path: string): Lock {
  // A regular file of bounded size: a FIFO or a symlink to /dev/zero is refused, not waited on.
  return parseLock(readBoundedText(path, MAX_LOCK_BYTES));
}

/** The lock entries the model implies (what `allocate --update-lock` pins). */
export function lockFromAbi(abi: Abi): Map<string, LockEntry> {
  const out = new Map<string, LockEntry>();
  for (const call of abi.calls) {
    const ids: Record<string, string> = {};
    for (const [key, arches] of callIdentities(abi, call)) for (const a of arches) ids[a] = key;
    out.set(call.name, { ids, removed: call.lifecycle.removed !== null, line: 0 });
  }
  return out;
}

const q = (s: string) => JSON.stringify(s);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Deterministic text: ABIs and calls sorted by name, arches sorted, one line per call. */
export function renderLock(lock: Lock): string {
  const out = [
    "# hcgen.lock: every hypercall number ever assigned, per ABI and arch (including removed calls).",
    "# Written by `hcgen allocate` (and `hcgen allocate --update-lock`); checked by `hcgen validate` (HC301).",
    "# Review a changed line like an ABI change: it means a call was renumbered.",
    "hcgen-lock: 1",
    "abis:",
  ];
  for (const id of [...lock.abis.keys()].sort(cmp)) {
    out.push(`  ${id}:`);
    const calls = lock.abis.get(id)!;
    for (const name of [...calls.keys()].sort(cmp)) {
      const e = calls.get(name)!;
      const parts = Object.keys(e.ids).sort(cmp).map((a) => `${a}: ${q(e.ids[a]!)}`);
      if (e.removed) parts.push("removed: true");
      out.push(`    ${name}: { ${parts.join(", ")} }`);
    }
  }
  return out.join("\n") + "\n";
}

/** Write-then-rename, so a crash never leaves a half-written lock. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export interface Repin { readonly abi: string; readonly call: string; readonly arch: string; readonly from: string; readonly to: string }

/**
 * Merges the model's pins into an existing lock. Calls that left the spec stay pinned as removed
 * (a number is never freed). Returns the pins that would move; the caller decides whether to allow it.
 */
export function mergeLock(old: Lock | null, abis: readonly Abi[]): { lock: Lock; repins: Repin[] } {
  const result = new Map<string, LockAbi>(old?.abis ?? []);
  const repins: Repin[] = [];
  for (const abi of abis) {
    const before = old?.abis.get(abi.id) ?? new Map<string, LockEntry>();
    const now = lockFromAbi(abi);
    for (const [name, prev] of before) {
      const cur = now.get(name);
      if (!cur) { now.set(name, { ...prev, removed: true }); continue; }
      for (const [arch, key] of Object.entries(prev.ids)) {
        if (cur.ids[arch] !== undefined && cur.ids[arch] !== key) repins.push({ abi: abi.id, call: name, arch, from: key, to: cur.ids[arch]! });
      }
      // An arch the call no longer provides keeps its old pin, so its number stays taken there.
      const ids = { ...prev.ids, ...cur.ids };
      now.set(name, { ids, removed: cur.removed, line: 0 });
    }
    result.set(abi.id, now);
  }
  return { lock: { abis: result }, repins };
}

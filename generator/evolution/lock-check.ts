// The validation-time lock check (HC301): the specs must agree with the hcgen.lock next to them.
// Called by api.ts loadModel after the models are built; skipped for a directory without a lock, so
// fixtures and scratch specs are not affected.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { diagAt, type LoadedSpec } from "../load.js";
import type { Diagnostic } from "../diagnostics.js";
import type { Abi } from "../model.js";
import { callIdentities } from "./identity.js";
import { displayPath } from "../spec-files.js";
import { LOCK_NAME, LockError, readLock, type LockAbi } from "./lock.js";

const FIX = "if the change is intended, run `hcgen allocate --update-lock` (add --force to re-pin a number) and review the lock diff";

/** `files` maps each ABI id to the real path of its spec file. */
export function lockChecks(abis: readonly Abi[], specs: ReadonlyMap<string, LoadedSpec>, files: ReadonlyMap<string, string>, cwd?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byDir = new Map<string, Abi[]>();
  for (const abi of abis) {
    const file = files.get(abi.id);
    if (!file) continue;
    const dir = dirname(file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), abi]);
  }
  for (const [dir, dirAbis] of byDir) {
    const path = join(dir, LOCK_NAME);
    if (!existsSync(path)) continue;
    let lock;
    try { lock = readLock(path); } catch (e) {
      const line = e instanceof LockError ? e.line : 1;
      out.push({ file: displayPath(path, cwd), line, col: 1, severity: "error", code: "HC302", message: `cannot read the lockfile: ${(e as Error).message}`, path: "",
        hint: "restore it from version control, or rewrite it with `hcgen allocate --update-lock`" });
      continue;
    }
    for (const abi of dirAbis) {
      const locked = lock.abis.get(abi.id);
      if (locked) for (const d of checkAbi(abi, specs.get(abi.id)!, locked, displayPath(path, cwd))) out.push(d);
    }
  }
  return out;
}

function checkAbi(abi: Abi, spec: LoadedSpec, locked: LockAbi, lockShown: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (line: number, col: number, message: string, hint = FIX, severity: "error" | "warning" = "error"): Diagnostic =>
    ({ file: spec.file, line, col, severity, code: "HC301", message, path: "", hint });
  // (arch, identity) -> every name the lock pins there (more than one only after a bad merge).
  const owners = new Map<string, string[]>();
  for (const [name, e] of locked) for (const [arch, key] of Object.entries(e.ids)) {
    const k = `${arch} ${key}`;
    owners.set(k, [...(owners.get(k) ?? []), name]);
  }
  const inSpec = new Set<string>();
  for (const call of abi.calls) {
    inSpec.add(call.name);
    const { line, col } = call.at;
    const mine = locked.get(call.name);
    for (const [key, arches] of callIdentities(abi, call)) {
      for (const arch of arches) {
        const pinned = mine?.ids[arch];
        if (pinned !== undefined && pinned !== key) {
          out.push(at(line, col, `'${call.name}' is ${key} on ${arch}, but ${lockShown}:${mine!.line} pins it to ${pinned}`));
        }
        const others = (owners.get(`${arch} ${key}`) ?? []).filter((n) => n !== call.name);
        for (const other of others) {
          const o = locked.get(other)!;
          out.push(at(line, col, `${key} on ${arch} is pinned to '${other}'${o.removed ? " (removed; its number is never reused)" : ""} in ${lockShown}:${o.line}, not '${call.name}'`,
            "two changes took the same number: give this call the next free one with `hcgen allocate`"));
        }
      }
    }
    if (!mine) out.push(at(line, col, `'${call.name}' is not pinned in ${lockShown}`, "run `hcgen allocate --update-lock` to pin it", "warning"));
  }
  for (const [name, e] of locked) {
    if (inSpec.has(name) || e.removed) continue;
    const pos = diagAt(spec, ["id"], "HC301", "");
    out.push(at(pos.line, pos.col, `'${name}' (${lockShown}:${e.line}) is missing from the spec; a published call stays, marked \`removed:\``,
      `put the call back with \`removed: { reason: ... }\` so its number stays reserved`));
  }
  return out;
}

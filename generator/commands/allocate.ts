import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { printDiagnostics as printSpecDiagnostics } from "./report.js";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { displayPath, findSpecFiles, loadModel, type LoadModelResult } from "../api.js";
import { UsageError } from "../diagnostics.js";
import { findSlot, insertCall, nextNumber } from "../evolution/allocate.js";
import { identityKey } from "../evolution/identity.js";
import { LOCK_NAME, mergeLock, readLock, renderLock, writeFileAtomic, type Lock } from "../evolution/lock.js";
import { CONFIG_OPTION, configHelp, parse, specDirectory, type Command } from "./command.js";
import type { Io } from "./io.js";

export const allocate: Command = {
  name: "allocate",
  summary: "give a new call the next free number and pin it in spec/hcgen.lock",
  help: `usage: hcgen allocate <abi> <name> [--group G] [--dir DIR] [--config FILE]
       hcgen allocate --update-lock [--force] [--dir DIR] [--config FILE]

The first form picks the next free number for a new call (one past the highest number ever used in
the group, counting removed calls, the lockfile and files sharing the number space, and skipping
reserved ranges), appends "- name: <name>" with that id to the group's calls (or the top-level
calls) keeping the rest of the file byte for byte, and pins it in DIR/${LOCK_NAME}. Both files are
validated before either is written.

The second form (re)writes DIR/${LOCK_NAME} from the specs. Calls that left a spec stay pinned as
removed. It refuses to move an existing pin (a renumbered call) unless --force is given.

options:
  --group G       the group the call belongs to (needed when the ABI has several identity fields)
  --dir DIR       the spec directory (default: the spec directory of hcgen.config.yaml, else spec)
${configHelp(18)}
  --update-lock   rewrite the lockfile from the specs
  --force         with --update-lock: accept renumbered calls
  -h, --help      show this help

Exit status: 0 done, 1 invalid spec or refused, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      group: { type: "string" }, dir: { type: "string" }, ...CONFIG_OPTION,
      "update-lock": { type: "boolean", default: false }, force: { type: "boolean", default: false },
    });
    if (values.dir !== undefined && !existsSync(resolve(io.cwd, values.dir))) throw new UsageError(`no spec directory ${values.dir}`);
    const dir = specDirectory(values.dir, io, values.config);
    const dirShown = displayPath(dir, io.cwd);
    const lockPath = join(dir, LOCK_NAME);
    const oldLock = existsSync(lockPath) ? readLockOrUsage(lockPath) : null;
    if (values["update-lock"]) {
      if (positionals.length > 0) throw new UsageError("--update-lock takes no <abi> <name>");
      return updateLock(dir, lockPath, oldLock, values.force ?? false, io);
    }
    if (positionals.length !== 2) throw new UsageError("expected <abi> <name>");
    const [abiId, name] = positionals as [string, string];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`'${name}' is not a C/TypeScript identifier`);
    const loaded = loadModel([dir], { cwd: io.cwd });
    if (!reportInvalid(loaded, io)) return 1;
    const abi = loaded.model.abis.find((a) => a.id === abiId);
    if (!abi) throw new UsageError(`no ABI '${abiId}' in ${dirShown} (known: ${loaded.model.abis.map((a) => a.id).join(", ")})`);
    if (abi.calls.some((c) => c.name === name) || oldLock?.abis.get(abi.id)?.has(name)) {
      io.err(`hcgen allocate: '${name}' already exists in ${abi.id} (or is pinned in ${LOCK_NAME}); call names are never reused\n`);
      return 1;
    }
    const slot = findSlot(abi, values.group);
    const space = (a: typeof abi) => a.numberSpace;
    const shared = abi.numberSpace ? loaded.model.abis.filter((a) => a !== abi && space(a) === abi.numberSpace) : [];
    const n = nextNumber(abi, slot, oldLock?.abis.get(abi.id), shared);
    const spec = loaded.specs.get(abi.id)!;
    const specPath = resolve(io.cwd, spec.file);
    const newText = insertCall(spec.text, slot, name, n);
    // Validate the result in a scratch copy of the directory before touching the real files.
    const scratch = mkdtempSync(join(tmpdir(), "hcgen-allocate-"));
    try {
      for (const f of findSpecFiles([dir])) copyFileSync(f, join(scratch, basename(f)));
      writeFileSync(join(scratch, basename(specPath)), newText);
      const check = loadModel([scratch], { cwd: io.cwd, lock: false });
      if (!reportInvalid(check, io)) { io.err("hcgen allocate: the edited spec would not validate; nothing was written\n"); return 1; }
      const newAbi = check.model.abis.find((a) => a.id === abi.id)!;
      const { lock } = mergeLock(oldLock, [newAbi]);
      writeFileAtomic(specPath, newText);
      writeFileAtomic(lockPath, renderLock(lock));
      const call = newAbi.calls.find((c) => c.name === name)!;
      io.out(`hcgen allocate: ${name} = ${identityKey(newAbi, call.arches[0]!.id)} (${spec.file}:${call.at.line}); pinned in ${LOCK_NAME}\n`);
      return 0;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

function readLockOrUsage(path: string): Lock {
  try { return readLock(path); } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function reportInvalid(r: LoadModelResult, io: Io): boolean {
  if (r.ok) return true;
  printSpecDiagnostics(io, r.diagnostics, "errors", false);
  return false;
}

function updateLock(dir: string, lockPath: string, oldLock: Lock | null, force: boolean, io: Io): number {
  const loaded = loadModel([dir], { cwd: io.cwd, lock: false });
  if (!reportInvalid(loaded, io)) return 1;
  const { lock, repins } = mergeLock(oldLock, loaded.model.abis);
  if (repins.length > 0 && !force) {
    for (const r of repins) io.err(`hcgen allocate: ${r.abi}: '${r.call}' on ${r.arch} moved from ${r.from} to ${r.to}\n`);
    io.err("hcgen allocate: refusing to re-pin published numbers; pass --force if the renumbering is intended\n");
    return 1;
  }
  const text = renderLock(lock);
  writeFileAtomic(lockPath, text);
  const calls = [...lock.abis.values()].reduce((s, m) => s + m.size, 0);
  io.out(`hcgen allocate: wrote ${displayPath(lockPath, io.cwd)} (${lock.abis.size} ABIs, ${calls} calls${repins.length ? `, ${repins.length} re-pinned` : ""})\n`);
  return 0;
}

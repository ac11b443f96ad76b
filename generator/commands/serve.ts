import { existsSync, openSync, readSync, closeSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Machine } from "../../runtime/machine.js";
import { formatTrace } from "../../runtime/trace.js";
import { registerHandlers, type HandlerSet, type Host } from "../../runtime/handlers.js";
import type { ArchName, Mode } from "../../runtime/types.js";
import { UsageError } from "../diagnostics.js";
import { didYouMean } from "../suggest.js";
import { RspError } from "../observe/rsp-packet.js";
import { SERVE_ARCHES } from "../serve/regmap.js";
import { serveGdb } from "../serve/serve.js";
import { archOption, parse, type Command } from "./command.js";
import { codeRanges, gdbAddress } from "./trace.js";
import { importModule } from "../import-module.js";

const MODES: readonly Mode[] = ["user", "kernel", "hypervisor", "firmware"];

export const serve: Command = {
  name: "serve",
  summary: "answer a real guest's hypercalls with TypeScript handlers, through QEMU's gdbstub",
  help: `usage: hcgen serve --gdb HOST:PORT --handlers FILE.js (--elf FILE | --scan ADDR:LEN) [options]

Attaches to a guest stopped at reset (qemu-system-riscv64 ... -gdb tcp:127.0.0.1:PORT -S), plants a
software breakpoint on every trap instruction of the handlers' ABIs in the guest's code, and runs
it. At each stop the runtime dispatches the call as the emulator does (magic, privilege, selector,
handler), writes the results back, moves pc past the trap and resumes. A call no handler answers is
left to the real firmware (OpenSBI, QEMU's PSCI, ...). Served calls are traced on stderr, one line
each; what handlers write to the host console goes to stdout.

The handlers file's default export is a list of handler sets (handlersFor(abi, { call: fn }) from
hcgen/runtime), or a function (host) => list, where host.write(text) prints to stdout. Node ${process.versions.node.split(".")[0]}
imports .js/.mjs; compile a .ts file first (npx tsc) unless Node strips types (>= 22.6).

Register maps: ${SERVE_ARCHES.join(", ")}.

options:
  --gdb HOST:PORT     the gdbstub to connect to (only this address is contacted)
  --handlers FILE     the handlers module (.js or .mjs)
  --abi ID[,ID...]    serve only these ABIs of the handlers file (default: all of them)
  --arch A            the guest arch (default: from --elf's machine type)
  --elf FILE          the guest's ELF image (its SHF_EXECINSTR sections are scanned)
  --scan ADDR:LEN     or scan this guest address range (hex or decimal)
  --mode MODE         privilege mode where the registers do not show it (riscv64; default kernel)
  --virtual           handlers' addresses are guest-virtual (default: physical, Qqemu.PhyMemMode)
  --timeout SECONDS   longest the guest may run between two stops, and the connect timeout (default 60)
  --max-calls N       detach after N calls and let the guest run on
  -h, --help          show this help

Exit status: 0 served until the guest exited (or --max-calls), 1 protocol error or timeout, 2 usage error.`,
  async run(args, io) {
    const { values } = parse(args, {
      gdb: { type: "string" }, handlers: { type: "string" }, abi: { type: "string" }, arch: { type: "string" },
      elf: { type: "string" }, scan: { type: "string" }, mode: { type: "string" }, virtual: { type: "boolean" },
      timeout: { type: "string", default: "60" }, "max-calls": { type: "string" },
    }, false);
    const { host, port } = gdbAddress(values.gdb);
    if (!values.handlers) throw new UsageError("--handlers FILE is required (a module whose default export lists handler sets)");
    const arch = values.arch !== undefined ? archOption(values.arch) : values.elf ? elfArch(resolve(io.cwd, values.elf), values.elf) : undefined;
    if (!arch) throw new UsageError("--arch is required with --scan");
    if (!SERVE_ARCHES.includes(arch)) throw new UsageError(`hcgen serve has no gdb register map for ${arch} yet (supported: ${SERVE_ARCHES.join(", ")})`);
    const timeout = Number(values.timeout);
    const maxCalls = values["max-calls"] === undefined ? undefined : Number(values["max-calls"]);
    if (!(timeout > 0) || (maxCalls !== undefined && (!Number.isInteger(maxCalls) || maxCalls < 1))) throw new UsageError("--timeout and --max-calls must be positive numbers");
    if (values.mode !== undefined && !MODES.includes(values.mode as Mode)) throw new UsageError(`--mode must be one of ${MODES.join(", ")}`);
    const code = codeRanges(values.elf, values.scan, io.cwd);
    const console: Host = { write: (s) => io.out(s) };
    const sets = await loadHandlers(values.handlers, io.cwd, console);
    // --abi is serveGdb's `abis`: the other ABIs' calls run no handler and are left to the firmware.
    const abis = values.abi?.split(",");
    for (const id of abis ?? []) if (!sets.some((s) => s.abi.id === id)) throw new UsageError(`--abi ${id}: the handlers file serves no such ABI${didYouMean(id, sets.map((s) => s.abi.id))} (it serves ${sets.map((s) => s.abi.id).join(", ")})`);
    const machine = new Machine({
      abis: [...new Set(sets.map((s) => s.abi))],
      log: (m, e) => io.err(`${m}: ${e instanceof Error ? e.message : String(e)}\n`),
    });
    try { registerHandlers(machine, sets); } catch (e) { throw new UsageError(`--handlers ${values.handlers}: ${(e as Error).message}`); }
    machine.tracer = (e) => io.err(`${formatTrace(e)}\n`);
    try {
      const r = await serveGdb(machine, {
        host, port, arch, abis, code, connectTimeoutMs: timeout * 1000, runTimeoutMs: timeout * 1000, maxCalls,
        mode: values.mode as Mode | undefined, physical: !values.virtual,
        onEvent: (e) => io.err(`hcgen serve: ${e.text}\n`),
      });
      io.err(`hcgen serve: ${r.served} call${r.served === 1 ? "" : "s"} served, ${r.firmware} left to the firmware; ${r.end}\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof RspError)) throw e;
      io.err(`hcgen serve: ${e.message}\n`);
      return 1;
    }
  },
};

/** The spec arch of an ELF file from its class, byte order and e_machine. */
function elfArch(path: string, given: string): ArchName {
  let head: Buffer;
  try {
    const fd = openSync(path, "r");
    try { head = Buffer.alloc(20); readSync(fd, head, 0, 20, 0); } finally { closeSync(fd); }
  } catch (e) { throw new UsageError(`--elf ${given}: ${(e as Error).message}`); }
  if (head.readUInt32BE(0) !== 0x7f454c46) throw new UsageError(`--elf ${given} is not an ELF file`);
  const le = head[5] === 1, machine = le ? head.readUInt16LE(18) : head.readUInt16BE(18);
  const is64 = head[4] === 2;
  const arch = machine === 243 && is64 ? "riscv64" : machine === 183 ? "aarch64" : machine === 21 ? (le ? "ppc64le" : "ppc64") : null;
  if (arch === null) throw new UsageError(`--elf ${given}: machine type ${machine} is not one hcgen serve knows; pass --arch`);
  return arch;
}

/** Imports the handlers module and checks its default export's shape. */
async function loadHandlers(file: string, cwd: string, host: Host): Promise<HandlerSet[]> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new UsageError(`--handlers ${file}: no such file`);
  const strips = (process.features as { typescript?: unknown }).typescript;
  if (/\.[cm]?ts$/.test(path) && !strips)
    throw new UsageError(`--handlers ${file}: Node ${process.version} cannot import TypeScript; compile it first (e.g. npx tsc) and pass the .js file, or use Node >= 22.6 with --experimental-strip-types`);
  let mod: { default?: unknown };
  try { mod = (await importModule(pathToFileURL(path).href)) as { default?: unknown }; } catch (e) { throw new UsageError(`--handlers ${file}: cannot load it: ${(e as Error).message}`); }
  let sets: unknown = mod.default;
  if (typeof sets === "function") {
    try { sets = (sets as (h: Host) => unknown)(host); } catch (e) { throw new UsageError(`--handlers ${file}: its default export threw: ${(e as Error).message}`); }
  }
  const ok = Array.isArray(sets) && sets.length > 0 && sets.every((s) => typeof s === "object" && s !== null && typeof s.abi?.id === "string" && typeof s.abi?.arches === "object" && typeof s.handlers === "object");
  if (!ok) throw new UsageError(`--handlers ${file}: the default export must be a non-empty list of handler sets (handlersFor(abi, { call: handler }) from hcgen/runtime), or a function (host) => such a list`);
  return sets as HandlerSet[];
}

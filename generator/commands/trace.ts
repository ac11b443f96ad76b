import { resolve } from "node:path";
import { printDiagnostics as printSpecDiagnostics } from "./report.js";
import { loadModel } from "../api.js";
import { UsageError } from "../diagnostics.js";
import { RspClient, RspError } from "../observe/rsp.js";
import { elfCodeRanges, LAYOUTS, type CodeRange } from "../observe/target.js";
import { traceGuest } from "../observe/trace.js";
import { abiOption, archOption, CONFIG_OPTION, configHelp, parse, specInputs, type Command } from "./command.js";
import { commandStore, NO_CACHE_OPTION, noCacheHelp } from "./store.js";

export const trace: Command = {
  name: "trace",
  summary: "attach to a QEMU gdbstub and print every hypercall the guest makes, decoded",
  help: `usage: hcgen trace --gdb HOST:PORT --abi ID --arch A (--elf FILE | --scan ADDR:LEN) [options]

Attaches to a guest stopped at reset (qemu-system-riscv64 ... -gdb tcp:127.0.0.1:PORT -S), finds the
spec's trap instructions in the guest's code (the executable sections of --elf, read back from guest
memory, or the range --scan), plants a software breakpoint on each and runs the guest. At every
hit it prints the call by name with its arguments, then runs to the instruction after the trap and
prints the status and result values. It ends when the guest exits.

Register layouts: ${Object.keys(LAYOUTS).join(", ")}.

options:
  --gdb HOST:PORT     the gdbstub to connect to (only this address is contacted)
  --abi ID            the ABI to decode with
  --arch A            the guest arch
  --elf FILE          the guest's ELF image (its SHF_EXECINSTR sections are scanned)
  --scan ADDR:LEN     or scan this guest address range (hex or decimal)
  --timeout SECONDS   longest run between two stops, and the connect timeout (default 20)
  --max-calls N       stop after N calls (default 10000)
  --spec DIR          the spec file or directory (default: the spec of hcgen.config.yaml, else spec)
${configHelp(22)}
${noCacheHelp(22)}
  -h, --help          show this help

Exit status: 0 traced until the guest exited, 1 protocol error or timeout, 2 usage error.`,
  async run(args, io) {
    const { values } = parse(args, {
      gdb: { type: "string" }, abi: { type: "string" }, arch: { type: "string" }, elf: { type: "string" }, scan: { type: "string" },
      timeout: { type: "string", default: "20" }, "max-calls": { type: "string", default: "10000" }, spec: { type: "string" }, ...CONFIG_OPTION, ...NO_CACHE_OPTION,
    }, false);
    const { host, port } = gdbAddress(values.gdb);
    if (!values.abi || !values.arch) throw new UsageError("--abi and --arch are required");
    archOption(values.arch);
    if (!LAYOUTS[values.arch]) throw new UsageError(`no gdb register layout for ${values.arch} (supported: ${Object.keys(LAYOUTS).join(", ")})`);
    const timeout = Number(values.timeout), maxCalls = Number(values["max-calls"]);
    if (!(timeout > 0) || !Number.isInteger(maxCalls) || maxCalls < 1) throw new UsageError("--timeout and --max-calls must be positive numbers");
    const ranges = codeRanges(values.elf, values.scan, io.cwd);
    const loaded = loadModel(specInputs(values.spec === undefined ? [] : [values.spec], io, values.config), { cwd: io.cwd, store: commandStore(values, io) });
    if (!loaded.ok) { printSpecDiagnostics(io, loaded.diagnostics, "errors", false); return 1; }
    const abi = abiOption(values.abi, loaded.model.abis);
    const arch = abi.arches.find((a) => a.arch === values.arch);
    if (!arch) throw new UsageError(`ABI '${abi.id}' has no arch ${values.arch}`);
    let client: RspClient | null = null;
    try {
      client = await RspClient.connect(host, port, timeout * 1000);
      const calls = await traceGuest(client, { abi, arch, ranges, runTimeoutMs: timeout * 1000, maxCalls, onEvent: (e) => io.out(`${e.text}\n`) });
      io.err(`hcgen trace: ${calls} call${calls === 1 ? "" : "s"}\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof RspError)) throw e;
      io.err(`hcgen trace: ${e.message}\n`);
      return 1;
    } finally {
      client?.close();
    }
  },
};

/** --gdb HOST:PORT (shared with `hcgen serve`). */
export function gdbAddress(value: string | undefined): { host: string; port: number } {
  const m = /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/i.exec(value ?? "");
  if (!m) throw new UsageError("--gdb HOST:PORT is required (e.g. --gdb 127.0.0.1:1234)");
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(`--gdb ${value}: the port must be 1..65535`);
  return { host: m[1]!.replace(/^\[|\]$/g, ""), port };
}

/** The guest's code: --elf FILE's executable sections or --scan ADDR:LEN (shared with `hcgen serve`). */
export function codeRanges(elf: string | undefined, scan: string | undefined, cwd: string): CodeRange[] {
  if (elf && scan) throw new UsageError("pass --elf or --scan, not both");
  if (elf) {
    let ranges: CodeRange[];
    try { ranges = elfCodeRanges(resolve(cwd, elf)); } catch (e) { throw new UsageError(`--elf ${elf}: ${(e as Error).message}`); }
    if (ranges.length === 0) throw new UsageError(`--elf ${elf} has no executable sections`);
    return ranges;
  }
  const m = /^((?:0x)?[0-9a-f]+):((?:0x)?[0-9a-f]+)$/i.exec(scan ?? "");
  if (!m) throw new UsageError("pass --elf FILE or --scan ADDR:LEN (e.g. --scan 0x80200000:0x4000)");
  const num = (s: string) => BigInt(/^0x/i.test(s) ? s : /[a-f]/i.test(s) ? `0x${s}` : s);
  const size = Number(num(m[2]!));
  if (size <= 0 || size > 64 * 1024 * 1024) throw new UsageError("--scan length must be between 1 byte and 64 MiB");
  return [{ start: num(m[1]!), size, name: "scan" }];
}

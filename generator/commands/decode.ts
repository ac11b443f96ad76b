import { createReadStream } from "node:fs";
import { printDiagnostics as printSpecDiagnostics } from "./report.js";
import { resolve } from "node:path";
import { loadModel } from "../api.js";
import { UsageError } from "../diagnostics.js";
import { decodeResult, formatDecoded, formatResult } from "../observe/decode.js";
import { decodedJson, errorJson, exitJson } from "../observe/decode-json.js";
import { LogParser, type LogEvent } from "../observe/logs.js";
import { logLines, MAX_LOG_LINE } from "../observe/lines.js";
import { checkStreamable } from "../read-bounded.js";
import { canonicalRegs, resolveAndDecode } from "../observe/resolve.js";
import { tracepointRegisters } from "../observe/tracepoint.js";
import { abiOption, archOption, CONFIG_OPTION, configHelp, parse, specInputs, type Command } from "./command.js";
import { commandStore, NO_CACHE_OPTION, noCacheHelp } from "./store.js";

export const decode: Command = {
  name: "decode",
  summary: "print hypercalls in logs (ftrace kvm_hypercall, register dumps, JSON lines) by name",
  help: `usage: hcgen decode [--abi ID] [--arch A] [--format text|json] [--spec DIR] [--config FILE] [--no-cache] [files... | -]

Reads logs (default: standard input) and prints each hypercall with its name, typed named
arguments and decoded status, as the specs define them. Understands:
  ftrace / trace-cmd   kvm_hypercall: nr 0x1 a0 0x0 a1 0x0 a2 0x0 a3 0x0   (KVM x86)
                       kvm_hv_hypercall: code 0x8 fast cnt 0x0 idx 0x0 in 0x0 out 0x0   (Hyper-V)
                       kvm_exit: ... reason VMCALL rip 0x...   (hypercall exits are marked)
  register dumps       rax=0xc rbx=0x0 ...   or QEMU "info registers" blocks
  JSON lines           {"abi":"riscv-sbi","arch":"riscv64","regs":{"a7":"0x10","a6":"0x3","a0":"0x10"},"after":{"a0":"0","a1":"1"}}
A number that no call of the ABI has is printed as "unknown hypercall", never guessed.

options:
  --abi ID     decode with this ABI (default: the one the registers match)
  --arch A     the guest arch (default: from the register names)
  --format F   text (default) or json: one JSON object per event and line (JSON Lines,
               shape hcgen-decode/1, see the README); undecodable lines are objects of
               kind "error" on standard output, not messages on standard error
  --spec DIR   the spec file or directory (default: the spec of hcgen.config.yaml, else spec)
${configHelp(15)}
${noCacheHelp(15)}
  -h, --help   show this help

Exit status: 0 decoded, 1 invalid spec or an event could not be decoded, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { abi: { type: "string" }, arch: { type: "string" }, format: { type: "string", default: "text" }, spec: { type: "string" }, ...CONFIG_OPTION, ...NO_CACHE_OPTION });
    if (values.format !== "text" && values.format !== "json") throw new UsageError(`unknown --format '${values.format}' (choose text or json)`);
    const json = values.format === "json";
    if (values.arch !== undefined) archOption(values.arch);
    const result = loadModel(specInputs(values.spec === undefined ? [] : [values.spec], io, values.config), { cwd: io.cwd, store: commandStore(values, io) });
    if (!result.ok) {
      printSpecDiagnostics(io, result.diagnostics, "errors", false);
      return 1;
    }
    if (values.abi) abiOption(values.abi, result.model.abis);
    const inputs = positionals.length ? positionals : ["-"];
    // Refuse devices and sockets before reading anything (decode /dev/zero would never end).
    for (const input of inputs) {
      if (input === "-") continue;
      try { checkStreamable(resolve(io.cwd, input)); } catch (e) { throw new UsageError(`cannot read ${input}: ${(e as Error).message}`); }
    }
    let failed = 0;
    // Decoded lines are written in batches (one write per line costs more than decoding it); the
    // batch is flushed before every message on stderr, so the two streams stay in order on a terminal.
    let batch = "";
    const out = (s: string) => { batch += s; if (batch.length >= 64 * 1024) { io.out(batch); batch = ""; } };
    const err = (s: string) => { if (batch) { io.out(batch); batch = ""; } io.err(s); };
    // One problem with one line of the log: a message on stderr, or an "error" object in the JSON stream.
    const bad = (name: string, no: number, message: string) => {
      failed++;
      if (json) out(errorJson(name, no, message) + "\n"); else err(`${name}:${no}: ${message}\n`);
    };
    for (const input of inputs) {
      const name = input === "-" ? "<stdin>" : input;
      const handle = (ev: LogEvent) => {
        const at = `${name}:${ev.line}: `;
        if (ev.kind === "bad") { bad(name, ev.line, ev.message); return; }
        if (ev.kind === "exit" && json) { out(exitJson(name, ev.line, ev.reason, ev.rip, ev.hypercall) + "\n"); return; }
        if (ev.kind === "exit") { out(`${at}exit ${ev.reason}${ev.rip ? ` rip ${ev.rip}` : ""}${ev.hypercall ? " (hypercall exit)" : ""}\n`); return; }
        let regs = ev.kind === "regs" ? ev.regs : null, labels = ev.kind === "regs" ? ev.labels : {};
        if (ev.kind === "tracepoint") {
          const placed = tracepointRegisters(result.model, ev);
          if (!placed.ok) { bad(name, ev.line, placed.message); return; }
          ({ regs, labels } = placed);
        }
        const r = resolveAndDecode(result.model, regs!, { abi: values.abi ?? ev.abi, arch: values.arch ?? ev.arch });
        if (!r.ok) { bad(name, ev.line, r.message); return; }
        const after = ev.kind === "regs" && ev.after ? decodeResult(r.decoded, canonicalRegs(r.decoded.arch.arch, ev.after)) : null;
        if (json) { out(decodedJson(name, ev.line, r.decoded, after) + "\n"); return; }
        let line = formatDecoded(r.decoded, labels);
        if (after !== null) line += ` ${formatResult(after)}`;
        out(`${at}${line}\n`);
      };
      // Streamed line by line in bounded memory; an over-long line is reported and skipped.
      const parser = new LogParser(handle);
      const stream = input === "-" ? process.stdin : createReadStream(resolve(io.cwd, input), { highWaterMark: 256 * 1024 });
      try {
        for await (const l of logLines(stream)) {
          if (l.kind === "line") parser.line(l.text, l.no);
          else parser.skip(l.no, `line is ${l.bytes} bytes, longer than the ${MAX_LOG_LINE}-byte limit; skipped`);
        }
      } catch (e) {
        if (batch) { io.out(batch); batch = ""; }
        throw new UsageError(`cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      parser.end();
    }
    if (batch) io.out(batch);
    return failed > 0 ? 1 : 0;
  },
};

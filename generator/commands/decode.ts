import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadModel } from "../api.js";
import { formatDiagnostic, UsageError } from "../diagnostics.js";
import { decodeResult, formatDecoded, formatResult } from "../observe/decode.js";
import { parseLog } from "../observe/logs.js";
import { canonicalRegs, resolveAndDecode } from "../observe/resolve.js";
import { tracepointRegisters } from "../observe/tracepoint.js";
import { CONFIG_OPTION, configHelp, parse, specInputs, type Command } from "./command.js";

export const decode: Command = {
  name: "decode",
  summary: "print hypercalls in logs (ftrace kvm_hypercall, register dumps, JSON lines) by name",
  help: `usage: hcgen decode [--abi ID] [--arch A] [--spec DIR] [--config FILE] [files... | -]

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
  --spec DIR   the spec file or directory (default: the spec of hcgen.config.yaml, else spec)
${configHelp(15)}
  -h, --help   show this help

Exit status: 0 decoded, 1 invalid spec or an event could not be decoded, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { abi: { type: "string" }, arch: { type: "string" }, spec: { type: "string" }, ...CONFIG_OPTION });
    const result = loadModel(specInputs(values.spec === undefined ? [] : [values.spec], io, values.config), { cwd: io.cwd });
    if (!result.ok) {
      for (const d of result.diagnostics) if (d.severity === "error") io.err(formatDiagnostic(d) + "\n");
      return 1;
    }
    if (values.abi && !result.model.abis.some((a) => a.id === values.abi)) throw new UsageError(`no ABI '${values.abi}' (known: ${result.model.abis.map((a) => a.id).join(", ")})`);
    const inputs = positionals.length ? positionals : ["-"];
    let failed = 0;
    for (const input of inputs) {
      let text: string;
      try { text = input === "-" ? readFileSync(0, "utf8") : readFileSync(resolve(io.cwd, input), "utf8"); } catch (e) {
        throw new UsageError(`cannot read ${input}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const name = input === "-" ? "<stdin>" : input;
      for (const ev of parseLog(text)) {
        const at = `${name}:${ev.line}: `;
        if (ev.kind === "bad") { io.err(`${at}${ev.message}\n`); failed++; continue; }
        if (ev.kind === "exit") { io.out(`${at}exit ${ev.reason}${ev.rip ? ` rip ${ev.rip}` : ""}${ev.hypercall ? " (hypercall exit)" : ""}\n`); continue; }
        let regs = ev.kind === "regs" ? ev.regs : null, labels = ev.kind === "regs" ? ev.labels : {};
        if (ev.kind === "tracepoint") {
          const placed = tracepointRegisters(result.model, ev);
          if (!placed.ok) { io.err(`${at}${placed.message}\n`); failed++; continue; }
          ({ regs, labels } = placed);
        }
        const r = resolveAndDecode(result.model, regs!, { abi: values.abi ?? ev.abi, arch: values.arch ?? ev.arch });
        if (!r.ok) { io.err(`${at}${r.message}\n`); failed++; continue; }
        let line = formatDecoded(r.decoded, labels);
        if (ev.kind === "regs" && ev.after) line += ` ${formatResult(decodeResult(r.decoded, canonicalRegs(r.decoded.arch.arch, ev.after)))}`;
        io.out(`${at}${line}\n`);
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

// Issue 19 item 4: `hcgen decode` never wraps a value over 64 bits (or over the arch's registers)
// into a real call, and reads logs as a stream in bounded memory with a per-line cap.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { logLines, MAX_LOG_LINE, type LogLine } from "../../generator/observe/lines.js";
import { LogParser, parseLog, type LogEvent } from "../../generator/observe/logs.js";
import { SPEC_DIR } from "../helpers/catalog.js";
import { which } from "../helpers/tools.js";

const tmp = mkdtempSync(join(tmpdir(), "hcgen-decode-"));
let n = 0;
async function decode(text: string, ...flags: string[]) {
  const f = join(tmp, `log${n++}.txt`);
  writeFileSync(f, text);
  const io = captureIo(tmp);
  const code = await main(["decode", "--spec", SPEC_DIR, ...flags, f], io);
  return { code, out: io.stdout.replaceAll(`${f}:`, ""), err: io.stderr.replaceAll(`${f}:`, "") };
}

describe("values over 64 bits are an error for their line, never a call", () => {
  it("a7=0x10000000000000010 is not sbi_get_spec_version; the good line after it still decodes", async () => {
    const r = await decode("a7=0x10000000000000010 a6=0x0\na7=0x10 a6=0x0\n");
    expect(r.code).toBe(1);
    expect(r.err).toBe("1: a7=0x10000000000000010 is wider than 64 bits: no register holds it (a corrupt or mis-parsed log line)\n");
    expect(r.out).toBe("2: sbi_get_spec_version() [riscv-sbi riscv64 eid=0x10 fid=0x0]\n");
  });
  it("in every format: register dumps (QEMU x86 style), JSON lines (regs and after), ftrace kvm_hypercall and kvm_hv_hypercall", () => {
    const bad = (text: string) => parseLog(text).map((e) => (e.kind === "bad" ? e.message : e.kind));
    expect(bad("RAX=1000000000000001a RBX=0000000000000000\n")[0]).toMatch(/^rax=0x1000000000000001a is wider than 64 bits/);
    expect(bad('{"regs":{"a7":"0x10000000000000010","a6":"0"}}')[0]).toMatch(/^regs\.a7=0x10000000000000010 is wider/);
    expect(bad('{"regs":{"a7":"0x10","a6":"0"},"after":{"a0":"-0x8000000000000001"}}')[0]).toMatch(/^after\.a0=-0x8000000000000001 is wider/);
    expect(bad("kvm_hypercall: nr 0x10000000000000005 a0 0x0 a1 0x0 a2 0x0 a3 0x0")[0]).toMatch(/^nr=0x10000000000000005 is wider/);
    expect(bad("kvm_hypercall: nr 0x5 a0 0x0 a1 0x0 a2 0x100000000000000000 a3 0x0")[0]).toMatch(/^a2=0x100000000000000000 is wider/);
    expect(bad("kvm_hv_hypercall: code 0x10000000000000008 fast cnt 0x0 idx 0x0 in 0x0 out 0x0")[0]).toMatch(/^code=0x10000000000000008 is wider/);
    // The edges: 2^64 - 1 and -2^63 are register values.
    expect(bad("a7=0xffffffffffffffff a6=-9223372036854775808\n")).toEqual(["regs"]);
    expect(bad("a7=0x10000000000000000 a6=0\n")[0]).toMatch(/is wider than 64 bits/);
  });
  it("a value wider than a 32-bit arch's registers is an error too (riscv32 a7=0x100000010)", async () => {
    const r = await decode("a7=0x100000010 a6=0x0\na7=0x10 a6=0x0\n", "--arch", "riscv32");
    expect(r.code).toBe(1);
    expect(r.err).toBe("1: a7=0x100000010 is wider than the 32-bit registers of riscv32\n");
    expect(r.out).toBe("2: sbi_get_spec_version() [riscv-sbi riscv32 eid=0x10 fid=0x0]\n");
  });
  it("a dump block ends at a too-wide line: the lines around it are not merged into one call", () => {
    const ev = parseLog("a7=0x10 a6=0x0\na0=0x100000000000000000\na1=0x1 a2=0x2\n");
    expect(ev.map((e) => `${e.kind}@${e.line}`)).toEqual(["regs@1", "bad@2", "regs@3"]);
  });
});

describe("logs are streamed line by line with a per-line cap", () => {
  /** Chunks from an async source that records how far it has been read. */
  function source(chunks: string[], log: string[]): AsyncIterable<Uint8Array> {
    return { async *[Symbol.asyncIterator]() { for (const [i, c] of chunks.entries()) { log.push(`chunk ${i}`); yield Buffer.from(c); } } };
  }
  it("each line is handed on before the next chunk is read (incremental, not read whole)", async () => {
    const log: string[] = [];
    for await (const l of logLines(source(["a7=0x10 a6=0x0\nx", "yz\n", "tail"], log))) log.push(l.kind === "line" ? `line ${l.no} ${l.text}` : `long ${l.no}`);
    expect(log).toEqual(["chunk 0", "line 1 a7=0x10 a6=0x0", "chunk 1", "line 2 xyz", "chunk 2", "line 3 tail"]);
  });
  it("the parser emits each event as soon as it is complete", () => {
    const seen: string[] = [];
    const p = new LogParser((e: LogEvent) => seen.push(`${e.kind}@${e.line}`));
    p.line("kvm_hypercall: nr 0x5 a0 0x0 a1 0x3 a2 0x0 a3 0x0", 1);
    expect(seen).toEqual(["tracepoint@1"]);
    p.line(" x16/a6   0000000000000003 x17/a7   0000000000000010", 2);
    p.line(" x10/a0   0000000000000000", 3);
    expect(seen).toEqual(["tracepoint@1"]);                 // a dump block may go on
    p.line("(qemu) info registers", 4);
    expect(seen).toEqual(["tracepoint@1", "regs@2"]);
  });
  it("a line over the cap is reported by number and size, never accumulated: 600 MiB without a newline", async () => {
    const chunk = Buffer.alloc(1 << 20, 0x41);                // the same 1 MiB buffer, 600 times
    const endless: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() { yield Buffer.from("a7=0x10 a6=0x0\n"); for (let i = 0; i < 600; i++) yield chunk; yield Buffer.from("\nlast\n"); } };
    const out: LogLine[] = [];
    for await (const l of logLines(endless)) out.push(l);
    expect(out).toEqual([
      { kind: "line", no: 1, text: "a7=0x10 a6=0x0" },
      { kind: "too-long", no: 2, bytes: 600 << 20 },
      { kind: "line", no: 3, text: "last" },
    ]);
  });
  it("a line exactly at the cap is kept; one byte more is skipped; a UTF-8 character split across chunks survives", async () => {
    const at = "x".repeat(MAX_LOG_LINE);
    const lines = async (chunks: (string | Buffer)[]) => { const o: LogLine[] = []; for await (const l of logLines((async function* () { yield* chunks; })())) o.push(l); return o; };
    expect((await lines([at + "\n"]))[0]).toEqual({ kind: "line", no: 1, text: at });
    expect((await lines([at, "y\n"]))[0]).toEqual({ kind: "too-long", no: 1, bytes: MAX_LOG_LINE + 1 });
    const e = Buffer.from("é\n");
    expect(await lines([e.subarray(0, 1), e.subarray(1)])).toEqual([{ kind: "line", no: 1, text: "é" }]);
  });
  it("decode reports an over-long line and decodes the rest with their line numbers", async () => {
    const r = await decode(`a7=0x10 a6=0x0\n${"z".repeat(MAX_LOG_LINE + 10)}\na7=0x10 a6=0x3\n`);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`2: line is ${MAX_LOG_LINE + 10} bytes, longer than the ${MAX_LOG_LINE}-byte limit; skipped\n`);
    expect(r.out).toBe("1: sbi_get_spec_version() [riscv-sbi riscv64 eid=0x10 fid=0x0]\n3: sbi_probe_extension() [riscv-sbi riscv64 eid=0x10 fid=0x3]\n");
  });
  it.skipIf(which("mkfifo") === null)("a named pipe is a log source (decode <(trace-cmd ...)): read as it is written", async () => {
    const p = join(tmp, "pipe.log");
    expect(spawnSync("mkfifo", [p]).status).toBe(0);
    const writer = spawn("sh", ["-c", `printf 'a7=0x10 a6=0x0\\n' > '${p}'`], { stdio: "ignore" });
    const io = captureIo(tmp);
    const code = await main(["decode", "--spec", SPEC_DIR, p], io);
    writer.kill();
    expect(code).toBe(0);
    expect(io.stdout).toBe(`${p}:1: sbi_get_spec_version() [riscv-sbi riscv64 eid=0x10 fid=0x0]\n`);
  });
});

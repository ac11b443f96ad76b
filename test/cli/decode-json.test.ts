// hcgen decode --format json: JSON Lines (hcgen-decode/1), one object per event, errors in the stream.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { ROOT } from "../helpers/catalog.js";

const dir = mkdtempSync(join(tmpdir(), "hcgen-decode-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function decode(log: string, ...args: string[]) {
  const p = join(dir, "log.txt");
  writeFileSync(p, log);
  const io = captureIo(ROOT);
  const code = await main(["decode", ...args, p], io);
  return { code, out: io.stdout.replaceAll(p, "log.txt"), err: io.stderr };
}

it("writes one object per event: call with result, unknown, exit, error; numbers as exact strings", async () => {
  const r = await decode([
    '{"abi":"riscv-sbi","arch":"riscv64","regs":{"a7":"0x10","a6":"0x3","a0":"0xffffffffffffffff"},"after":{"a0":"-2","a1":"0"}}',
    " qemu-system-x86-1234 [001] .... 12.5: kvm_exit: vcpu 0 reason VMCALL rip 0xffffffff8108a2c1 info 0 0",
    " qemu-system-x86-1234 [001] .... 12.6: kvm_hypercall: nr 0x4d2 a0 0x0 a1 0x0 a2 0x0 a3 0x0",
    '{"abi":"riscv-sbi","regs":{"rax":"0xb"}}',
  ].join("\n"), "--format", "json");
  expect(r.err).toBe("");
  expect(r.code).toBe(1);
  expect(r.out).toBe([
    '{"file":"log.txt","line":1,"kind":"call","abi":"riscv-sbi","arch":"riscv64","call":"sbi_probe_extension","id":"eid=0x10 fid=0x3","selector":{"a7":"0x10","a6":"0x3"},"args":[{"name":"extension_id","type":"long","value":"-1","text":"-1"}],"result":{"status":"SBI_ERR_NOT_SUPPORTED","values":[{"name":"value","type":"long","value":"0","text":"0"}]}}',
    '{"file":"log.txt","line":2,"kind":"exit","reason":"VMCALL","rip":"0xffffffff8108a2c1","hypercall":true}',
    '{"file":"log.txt","line":3,"kind":"unknown","abi":"kvm-x86","arch":"x86_64","call":null,"id":null,"selector":{"rax":"0x4d2"},"args":[],"result":null}',
    `{"file":"log.txt","line":4,"kind":"error","message":"ABI 'riscv-sbi' has no arch x86_64"}`,
    "",
  ].join("\n"));
  for (const l of r.out.trim().split("\n")) expect(Object.keys(JSON.parse(l)).slice(0, 3)).toEqual(["file", "line", "kind"]);
});

it("keeps 64-bit values exact", async () => {
  const r = await decode('{"abi":"riscv-sbi","arch":"riscv64","regs":{"a7":"0x10","a6":"0x3","a0":"0x7fffffffffffffff"}}', "--format", "json");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out).args).toEqual([{ name: "extension_id", type: "long", value: "9223372036854775807", text: "0x7fffffffffffffff" }]);
});

it("text stays the default; --format xml is a usage error", async () => {
  const r = await decode('{"abi":"riscv-sbi","arch":"riscv64","regs":{"a7":"0x10","a6":"0x3","a0":"0x5"}}');
  expect(r).toEqual({ code: 0, out: "log.txt:1: sbi_probe_extension(extension_id=5) [riscv-sbi riscv64 eid=0x10 fid=0x3]\n", err: "" });
  expect(await decode("", "--format", "xml")).toEqual({ code: 2, out: "", err: "hcgen decode: unknown --format 'xml' (choose text or json)\nRun `hcgen decode --help` for usage.\n" });
});

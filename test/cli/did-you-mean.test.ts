// "Did you mean" for arch, register and ABI names: in spec diagnostics and in command-line options.
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { didYouMeanUnique } from "../../generator/suggest.js";
import { ROOT } from "../helpers/catalog.js";

async function cli(...args: string[]) {
  const io = captureIo(ROOT);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}
const ARCHES = "x86_64, i386, aarch64, arm, riscv64, riscv32, ppc64, ppc64le, ppc, s390x, mips64, mips64el, mips, mipsel, loongarch64";
const ABIS = "arm-smccc, hyperv, kvm-ppc, kvm-x86, loongarch-kvm, mips-kvm, papr, riscv-sbi, s390-diag, xen";

describe("in spec diagnostics", () => {
  it("names the closest register and arch, and nothing when several are as close", async () => {
    const r = await cli("validate", "test/fixtures/cli/did-you-mean.yaml");
    expect(r.code).toBe(1);
    expect(r.err.split("\n").filter((l) => / error /.test(l))).toEqual([
      "test/fixtures/cli/did-you-mean.yaml:14:20: error HC104: register 'a77' does not exist on riscv64 (did you mean 'a7'?) (at arches.riscv64.select.a77)",
      "test/fixtures/cli/did-you-mean.yaml:15:16: error HC104: register 'a9' does not exist on riscv64 (at arches.riscv64.args[1])",
      "test/fixtures/cli/did-you-mean.yaml:18:3: error HC008: 'riscv46' is not a valid key in arches (did you mean 'riscv64'?) (at arches.riscv46)",
      "test/fixtures/cli/did-you-mean.yaml:26:38: error HC104: register 'aa0' does not exist on riscv64 (did you mean 'a0'?) (at magic[0].register)",
      `test/fixtures/cli/did-you-mean.yaml:27:38: error HC008: '0' must be one of: ${ARCHES} (did you mean 'x86_64'?) (at magic[1].arches[0])`,
    ]);
  });
  it("suggests only a unique closest name", () => {
    expect(didYouMeanUnique("a9", ["a0", "a1", "a7"])).toBe("");
    expect(didYouMeanUnique("rxa", ["rax", "rbx", "rcx"])).toBe(" (did you mean 'rax'?)");
    expect(didYouMeanUnique("zzzz", ["rax"])).toBe("");
  });
});

describe("in command-line options", () => {
  it("decode --arch and --abi", async () => {
    expect(await cli("decode", "--arch", "riscv46")).toEqual({ code: 2, out: "",
      err: `hcgen decode: unknown arch 'riscv46' (did you mean 'riscv64'?); arches: ${ARCHES}\nRun \`hcgen decode --help\` for usage.\n` });
    expect(await cli("decode", "--abi", "riscv-sib", "/dev/null")).toEqual({ code: 2, out: "",
      err: `hcgen decode: no ABI 'riscv-sib' (did you mean 'riscv-sbi'?); the specs define: ${ABIS}\nRun \`hcgen decode --help\` for usage.\n` });
  });
  it("trace --arch and --abi, serve --arch", async () => {
    expect((await cli("trace", "--gdb", "localhost:1", "--abi", "xen", "--arch", "aarch46", "--scan", "0:4")).err)
      .toBe(`hcgen trace: unknown arch 'aarch46' (did you mean 'aarch64'?); arches: ${ARCHES}\nRun \`hcgen trace --help\` for usage.\n`);
    expect((await cli("trace", "--gdb", "localhost:1", "--abi", "xne", "--arch", "aarch64", "--scan", "0:4")).err)
      .toBe(`hcgen trace: no ABI 'xne' (did you mean 'xen'?); the specs define: ${ABIS}\nRun \`hcgen trace --help\` for usage.\n`);
    expect(await cli("serve", "--gdb", "localhost:1", "--handlers", "h.js", "--arch", "ppc46le")).toEqual({ code: 2, out: "",
      err: `hcgen serve: unknown arch 'ppc46le' (did you mean 'ppc64le'?); arches: ${ARCHES}\nRun \`hcgen serve --help\` for usage.\n` });
  });
});

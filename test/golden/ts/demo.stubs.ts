import type { CallReturn, Vcpu } from "../../../runtime/index.js";
import type { DemoErrorName, DemoVersionResults, DemoEchoArgs, DemoEchoResults, DemoConsoleWriteArgs, DemoConsoleWriteResults, DemoSetTimerArgs, DemoSetTimerResults, DemoOldTimerResults, DemoBigConstantResults } from "./demo.js";
const CODE_0 = new Uint8Array([0x44, 0x00, 0x00, 0x22]);

const STATUS_64 = new Map<bigint, DemoErrorName>([[0x0n, "DEMO_OK"], [0xfffffffffffffc18n, "DEMO_ENOSYS"], [0xfffffffffffffffbn, "DEMO_EIO"], [0xfffffffffffffff2n, "DEMO_EFAULT"], [0xffffffffffffffffn, "DEMO_EPERM"]]);

const CODE_1 = new Uint8Array([0x73, 0x00, 0x00, 0x00]);

const STATUS_32 = new Map<bigint, DemoErrorName>([[0x0n, "DEMO_OK"], [0xfffffc18n, "DEMO_ENOSYS"], [0xfffffffbn, "DEMO_EIO"], [0xfffffff2n, "DEMO_EFAULT"], [0xffffffffn, "DEMO_EPERM"]]);

const CODE_2 = new Uint8Array([0x0f, 0x01, 0xc1]);

const CODE_3 = new Uint8Array([0x0f, 0x01, 0xd9]);

/** Guest stubs of Demo paravirtual interface (test fixture), by arch and call name. */
export const demoStubs = {
  ppc64: {
    /** demo_version on ppc64 (trap sc 1, convention default). Returns the interface version. */
    demo_version(vcpu: Vcpu): CallReturn<DemoVersionResults, DemoErrorName> {
      if (vcpu.arch !== "ppc64") throw new Error("demo.demo_version: this stub is for ppc64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[11] = 0x100000n;
      const outcome = vcpu.hypercall(CODE_0, 0);
      const raw = r[3]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: { version: Number((r[4]! & 0xffffffffn)) } };
    },
    /** demo_echo on ppc64 (trap sc 1, convention default). Returns its argument; the argument is a register pair on riscv32. */
    demo_echo(vcpu: Vcpu, args: DemoEchoArgs): CallReturn<DemoEchoResults, DemoErrorName> {
      if (vcpu.arch !== "ppc64") throw new Error("demo.demo_echo: this stub is for ppc64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[11] = 0x100001n;
      r[3] = args.value;
      const outcome = vcpu.hypercall(CODE_0, 0);
      const raw = r[3]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: { value: r[4]! } };
    },
    /** demo_console_write on ppc64 (trap sc 1, convention default). */
    demo_console_write(vcpu: Vcpu, args: DemoConsoleWriteArgs): CallReturn<DemoConsoleWriteResults, DemoErrorName> {
      if (vcpu.arch !== "ppc64") throw new Error("demo.demo_console_write: this stub is for ppc64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[11] = 0x200000n;
      r[3] = args.addr;
      r[4] = args.len;
      const outcome = vcpu.hypercall(CODE_0, 0);
      const raw = r[3]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: { written: r[4]! } };
    },
  },
  riscv32: {
    /** demo_version on riscv32 (trap ecall, convention default). Returns the interface version. */
    demo_version(vcpu: Vcpu): CallReturn<DemoVersionResults, DemoErrorName> {
      if (vcpu.arch !== "riscv32") throw new Error("demo.demo_version: this stub is for riscv32, not " + vcpu.arch);
      const r = vcpu.regs;
      r[17] = 0x10n;
      r[16] = 0x0n;
      const outcome = vcpu.hypercall(CODE_1, 0);
      const raw = (r[10]! & 0xffffffffn);
      return { outcome, raw, status: STATUS_32.get(raw) ?? null, results: { version: Number((r[11]! & 0xffffffffn)) } };
    },
    /** demo_echo on riscv32 (trap ecall, convention default). Returns its argument; the argument is a register pair on riscv32. */
    demo_echo(vcpu: Vcpu, args: DemoEchoArgs): CallReturn<DemoEchoResults, DemoErrorName> {
      if (vcpu.arch !== "riscv32") throw new Error("demo.demo_echo: this stub is for riscv32, not " + vcpu.arch);
      const r = vcpu.regs;
      r[17] = 0x10n;
      r[16] = 0x1n;
      const p0 = BigInt.asUintN(64, args.value);
      r[11] = p0 >> 32n;
      r[10] = p0 & 0xffffffffn;
      const outcome = vcpu.hypercall(CODE_1, 0);
      const raw = (r[10]! & 0xffffffffn);
      return { outcome, raw, status: STATUS_32.get(raw) ?? null, results: { value: (r[11]! & 0xffffffffn) } };
    },
    /** demo_set_timer on riscv32 (trap ecall, convention default). */
    demo_set_timer(vcpu: Vcpu, args: DemoSetTimerArgs): CallReturn<DemoSetTimerResults, DemoErrorName> {
      if (vcpu.arch !== "riscv32") throw new Error("demo.demo_set_timer: this stub is for riscv32, not " + vcpu.arch);
      const r = vcpu.regs;
      r[17] = 0x54494d45n;
      r[16] = 0x0n;
      const p0 = BigInt.asUintN(64, args.deadline);
      r[11] = p0 >> 32n;
      r[10] = p0 & 0xffffffffn;
      const outcome = vcpu.hypercall(CODE_1, 0);
      const raw = (r[10]! & 0xffffffffn);
      return { outcome, raw, status: STATUS_32.get(raw) ?? null, results: {} };
    },
    /** demo_old_timer on riscv32 (trap ecall, convention default). */
    demo_old_timer(vcpu: Vcpu): CallReturn<DemoOldTimerResults, DemoErrorName> {
      if (vcpu.arch !== "riscv32") throw new Error("demo.demo_old_timer: this stub is for riscv32, not " + vcpu.arch);
      const r = vcpu.regs;
      r[17] = 0x54494d45n;
      r[16] = 0x1n;
      const outcome = vcpu.hypercall(CODE_1, 0);
      const raw = (r[10]! & 0xffffffffn);
      return { outcome, raw, status: STATUS_32.get(raw) ?? null, results: {} };
    },
  },
  riscv64: {
    /** demo_version on riscv64 (trap ecall, convention default). Returns the interface version. */
    demo_version(vcpu: Vcpu): CallReturn<DemoVersionResults, DemoErrorName> {
      if (vcpu.arch !== "riscv64") throw new Error("demo.demo_version: this stub is for riscv64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[17] = 0x10n;
      r[16] = 0x0n;
      const outcome = vcpu.hypercall(CODE_1, 0);
      const raw = r[10]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: { version: Number((r[11]! & 0xffffffffn)) } };
    },
    /** demo_echo on riscv64 (trap ecall, convention default). Returns its argument; the argument is a register pair on riscv32. */
    demo_echo(vcpu: Vcpu, args: DemoEchoArgs): CallReturn<DemoEchoResults, DemoErrorName> {
      if (vcpu.arch !== "riscv64") throw new Error("demo.demo_echo: this stub is for riscv64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[17] = 0x10n;
      r[16] = 0x1n;
      r[10] = args.value;
      const outcome = vcpu.hypercall(CODE_1, 0);
      const raw = r[10]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: { value: r[11]! } };
    },
    /** demo_set_timer on riscv64 (trap ecall, convention default). */
    demo_set_timer(vcpu: Vcpu, args: DemoSetTimerArgs): CallReturn<DemoSetTimerResults, DemoErrorName> {
      if (vcpu.arch !== "riscv64") throw new Error("demo.demo_set_timer: this stub is for riscv64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[17] = 0x54494d45n;
      r[16] = 0x0n;
      r[10] = args.deadline;
      const outcome = vcpu.hypercall(CODE_1, 0);
      const raw = r[10]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: {} };
    },
    /** demo_old_timer on riscv64 (trap ecall, convention default). */
    demo_old_timer(vcpu: Vcpu): CallReturn<DemoOldTimerResults, DemoErrorName> {
      if (vcpu.arch !== "riscv64") throw new Error("demo.demo_old_timer: this stub is for riscv64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[17] = 0x54494d45n;
      r[16] = 0x1n;
      const outcome = vcpu.hypercall(CODE_1, 0);
      const raw = r[10]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: {} };
    },
  },
  x86_64: {
    /** demo_version on x86_64 (trap vmcall, convention default). Returns the interface version. */
    demo_version(vcpu: Vcpu): CallReturn<DemoVersionResults, DemoErrorName> {
      if (vcpu.arch !== "x86_64") throw new Error("demo.demo_version: this stub is for x86_64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[0] = 0x1080000000n;
      const outcome = vcpu.hypercall(vcpu.vendor === "amd" ? CODE_3 : CODE_2, 0);
      const raw = r[0]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: { version: Number((r[3]! & 0xffffffffn)) } };
    },
    /** demo_echo on x86_64 (trap vmcall, convention default). Returns its argument; the argument is a register pair on riscv32. */
    demo_echo(vcpu: Vcpu, args: DemoEchoArgs): CallReturn<DemoEchoResults, DemoErrorName> {
      if (vcpu.arch !== "x86_64") throw new Error("demo.demo_echo: this stub is for x86_64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[0] = 0x1080000001n;
      r[3] = args.value;
      const outcome = vcpu.hypercall(vcpu.vendor === "amd" ? CODE_3 : CODE_2, 0);
      const raw = r[0]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: { value: r[3]! } };
    },
    /** demo_console_write on x86_64 (trap vmcall, convention default). */
    demo_console_write(vcpu: Vcpu, args: DemoConsoleWriteArgs): CallReturn<DemoConsoleWriteResults, DemoErrorName> {
      if (vcpu.arch !== "x86_64") throw new Error("demo.demo_console_write: this stub is for x86_64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[0] = 0x2080000000n;
      r[3] = args.addr;
      r[1] = args.len;
      const outcome = vcpu.hypercall(vcpu.vendor === "amd" ? CODE_3 : CODE_2, 0);
      const raw = r[0]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: { written: r[3]! } };
    },
    /** demo_big_constant on x86_64 (trap vmcall, convention default). Its rax selector is 0xfffffffe8000ffff, above 2^53. */
    demo_big_constant(vcpu: Vcpu): CallReturn<DemoBigConstantResults, DemoErrorName> {
      if (vcpu.arch !== "x86_64") throw new Error("demo.demo_big_constant: this stub is for x86_64, not " + vcpu.arch);
      const r = vcpu.regs;
      r[0] = 0xfffffffe8000ffffn;
      const outcome = vcpu.hypercall(vcpu.vendor === "amd" ? CODE_3 : CODE_2, 0);
      const raw = r[0]!;
      return { outcome, raw, status: STATUS_64.get(raw) ?? null, results: {} };
    },
  },
};


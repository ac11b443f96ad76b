// The host side of pvdemo, written once: the emulator test registers these handlers on a Machine
// (registerHandlers), and `hcgen serve --handlers` answers a real guest on QEMU with them. Two
// catalog calls are served too, with values no firmware gives, so a guest can tell who answered.
import { handlersFor, type Host } from "hcgen/runtime";
import { armSmcccAbi, riscvSbiAbi } from "hcgen/catalog";
import { pvdemoAbi } from "./generated/ts/index.js";

export const FEATURES = 0b11n;                 // bit 0: crash reports, bit 1: console
export const HOST_NAME = "hcgen pvdemo host";
/** SBI spec version 0x7.0x5e and PSCI 0x63.0x7: neither OpenSBI nor QEMU's PSCI answers these. */
export const SERVED_SBI_VERSION = (7n << 24n) | 0x5en;
export const SERVED_PSCI_VERSION = (0x63 << 16) | 7;

export default function handlers(host: Host) {
  return [
    handlersFor(pvdemoAbi, {
      pvdemo_get_features: () => ({ features: FEATURES }),
      pvdemo_console_write: ({ addr, len }, vcpu) => {
        if (len > 4096n) return { status: "PVDEMO_EINVAL" };
        host.write(new TextDecoder().decode(vcpu.mem.read(addr, Number(len)))); // a bad address answers PVDEMO_EFAULT
        return { written: len };
      },
      pvdemo_get_host_name: ({ addr, len }, vcpu) => {
        if (len > 4096n) return { status: "PVDEMO_EINVAL" };
        const name = new TextEncoder().encode(HOST_NAME).subarray(0, Number(len));
        vcpu.mem.write(addr, name);
        return { written: BigInt(name.length) };
      },
      pvdemo_report_crash: ({ reason, pc }) => {
        if (reason !== 1 && reason !== 2) return { status: "PVDEMO_EINVAL" };
        host.write(`guest crashed: ${reason === 1 ? "panic" : "watchdog"} at 0x${pc.toString(16)}\n`);
        return {};
      },
    }),
    handlersFor(riscvSbiAbi, { sbi_get_spec_version: () => ({ value: SERVED_SBI_VERSION }) }),
    handlersFor(armSmcccAbi, { PSCI_0_2_FN_PSCI_VERSION: () => ({ version: SERVED_PSCI_VERSION }) }),
  ];
}

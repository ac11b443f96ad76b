import type { AbiDispatch, AnyHandler, DispatchContext, Regs, ReturnedResult, StepResult, Vcpu } from "../../../runtime/index.js";
import type { DemoConsoleWriteResults, DemoEchoResults, DemoHandlers, DemoVersionResults } from "./demo.js";

/** The status register value of an error name a handler returned (64-bit two's complement). */
function statusReg(status: string, call: string): bigint {
  switch (status) {
    case "DEMO_OK": return 0x0n;
    case "DEMO_EPERM": return 0xffffffffffffffffn;
    case "DEMO_EIO": return 0xfffffffffffffffbn;
    case "DEMO_EFAULT": return 0xfffffffffffffff2n;
    case "DEMO_ENOSYS": return 0xfffffffffffffc18n;
    default: throw new TypeError("handler for demo." + call + " returned unknown status '" + status + "'");
  }
}

/** A call's result with its note (e.g. one vendor's trap instruction run on another vendor's vCPU). */
function noted(r: ReturnedResult, note: string): StepResult {
  return { ...r, note };
}

/** demo_version on ppc64 (service 0x10, function 0x0; convention default). */
function ppc64_0(h: DemoHandlers["demo_version"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[0]++;
  const r = v.regs;
  try {
    const out = h({}, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 0);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoVersionResults;
      r[3] = 0x0n;
      r[4] = BigInt.asUintN(32, BigInt(res.version));
    } else {
      const s = statusReg(st, "demo_version");
      r[3] = s;
    }
  } catch (e) {
    return x.threw(v, 0, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[0]! : noted(x.returned[0]!, note);
}

/** demo_echo on ppc64 (service 0x10, function 0x1; convention default). */
function ppc64_1(h: DemoHandlers["demo_echo"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[1]++;
  const r = v.regs;
  try {
    const out = h({ value: r[3]! }, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 1);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoEchoResults;
      r[3] = 0x0n;
      r[4] = res.value;
    } else {
      const s = statusReg(st, "demo_echo");
      r[3] = s;
    }
  } catch (e) {
    return x.threw(v, 1, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[1]! : noted(x.returned[1]!, note);
}

/** demo_console_write on ppc64 (service 0x20, function 0x0; convention default). */
function ppc64_2(h: DemoHandlers["demo_console_write"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[2]++;
  const r = v.regs;
  try {
    const out = h({ addr: r[3]!, len: r[4]! }, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 2);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoConsoleWriteResults;
      r[3] = 0x0n;
      r[4] = res.written;
    } else {
      const s = statusReg(st, "demo_console_write");
      r[3] = s;
    }
  } catch (e) {
    return x.threw(v, 2, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[2]! : noted(x.returned[2]!, note);
}

/** Whether the selector on ppc64 falls in a reserved range of demo (the not-supported answer says "reserved"). */
function reserved_ppc64(r: Regs, _op: number): boolean {
  const f0 = (((r[11]! & 0xffffffffffffffffn) >> 16n) & 0xffffn);   // service
  return (f0 >= 0xa00n && f0 <= 0xaffn)   // reserved;
}

/** demo on ppc64: the hypercall at pc, or null when no trap of demo is there. */
function step_ppc64(v: Vcpu, code: Uint8Array, off: number, avail: number, x: DispatchContext): StepResult | null | undefined {
  let trap: number;
  if (avail >= 4) {
    const w = (code[off]! | (code[off + 1]! << 8) | (code[off + 2]! << 16) | (code[off + 3]! << 24)) >>> 0;
    if (w === 0x22000044) trap = 0;   // sc 1
    else if (w === 0x2000044) trap = 1;   // sc (magic sequence)
    else return null;
  } else {
    return null;
  }
  const r32 = v.regs32;
  let len: number, note: string | null = null, op = 0;
  switch (trap) {
    case 0: {   // sc 1
      len = 4;
      break;
    }
    default: {   // sc (magic sequence)
      if (r32[0] !== 0x4b564d21 || r32[1] !== 0x0) return { kind: "reflected", abi: "demo", to: "kernel", reason: "sc (magic sequence) without DEMO_MAGIC_R0 in r0: a system call, not a hypercall" };
      len = 4;
      break;
    }
  }
  if ((v.modeBit & 0x2) === 0) return x.general();   // the privilege rule: kernel may call
  let h: AnyHandler | null, k = -1;
  // convention default: r11
  switch (r32[22]!) {   // r11
    case 0x100000:
      if ((h = x.handlers[0]) !== null) return ppc64_0(h, v, x, len, note);   // demo_version
      if (k < 0) k = 0;
      break;
    case 0x100001:
      if ((h = x.handlers[1]) !== null) return ppc64_1(h, v, x, len, note);   // demo_echo
      if (k < 0) k = 1;
      break;
    case 0x200000:
      if ((h = x.handlers[2]) !== null) return ppc64_2(h, v, x, len, note);   // demo_console_write
      if (k < 0) k = 2;
      break;
  }
  return x.miss(k, k < 0 && reserved_ppc64(v.regs, op), len, note, op);
}

/** demo_version on riscv32 (service 0x10, function 0x0; convention default). */
function riscv32_0(h: DemoHandlers["demo_version"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[0]++;
  const r = v.regs;
  try {
    const out = h({}, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 0);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoVersionResults;
      r[10] = 0x0n;
      r[11] = BigInt.asUintN(32, BigInt(res.version));
    } else {
      const s = statusReg(st, "demo_version");
      r[10] = (s & 0xffffffffn);
    }
  } catch (e) {
    return x.threw(v, 0, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[0]! : noted(x.returned[0]!, note);
}

/** demo_echo on riscv32 (service 0x10, function 0x1; convention default). */
function riscv32_1(h: DemoHandlers["demo_echo"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[1]++;
  const r = v.regs;
  try {
    const out = h({ value: (((r[11]! & 0xffffffffn) << 32n) | (r[10]! & 0xffffffffn)) }, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 1);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoEchoResults;
      r[10] = 0x0n;
      r[11] = BigInt.asUintN(32, res.value);
    } else {
      const s = statusReg(st, "demo_echo");
      r[10] = (s & 0xffffffffn);
    }
  } catch (e) {
    return x.threw(v, 1, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[1]! : noted(x.returned[1]!, note);
}

/** demo_set_timer on riscv32 (service 0x54494d45, function 0x0; convention default). */
function riscv32_3(h: DemoHandlers["demo_set_timer"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[3]++;
  const r = v.regs;
  try {
    const out = h({ deadline: (((r[11]! & 0xffffffffn) << 32n) | (r[10]! & 0xffffffffn)) }, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 3);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      r[10] = 0x0n;
    } else {
      const s = statusReg(st, "demo_set_timer");
      r[10] = (s & 0xffffffffn);
    }
  } catch (e) {
    return x.threw(v, 3, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[3]! : noted(x.returned[3]!, note);
}

/** demo_old_timer on riscv32 (service 0x54494d45, function 0x1; convention default). */
function riscv32_4(h: DemoHandlers["demo_old_timer"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[4]++;
  const r = v.regs;
  try {
    const out = h({}, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 4);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      r[10] = 0x0n;
    } else {
      const s = statusReg(st, "demo_old_timer");
      r[10] = (s & 0xffffffffn);
    }
  } catch (e) {
    return x.threw(v, 4, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[4]! : noted(x.returned[4]!, note);
}

/** Whether the selector on riscv32 falls in a reserved range of demo (the not-supported answer says "reserved"). */
function reserved_riscv32(r: Regs, _op: number): boolean {
  const f0 = (((r[17]! & 0xffffffffn) >> 0n) & 0xffffffffn);   // service
  return (f0 >= 0xa00n && f0 <= 0xaffn)   // reserved;
}

/** demo on riscv32: the hypercall at pc, or null when no trap of demo is there. */
function step_riscv32(v: Vcpu, code: Uint8Array, off: number, avail: number, x: DispatchContext): StepResult | null | undefined {
  if (avail >= 4) {
    const w = (code[off]! | (code[off + 1]! << 8) | (code[off + 2]! << 16) | (code[off + 3]! << 24)) >>> 0;
    if (w !== 0x73) return null;   // ecall
  } else {
    return null;
  }
  const r32 = v.regs32;
  let len: number, note: string | null = null, op = 0;
  len = 4;
  if ((v.modeBit & 0x2) === 0) return x.general();   // the privilege rule: kernel may call
  let h: AnyHandler | null, k = -1;
  // convention default: a7, a6
  switch (r32[34]!) {   // a7
    case 0x10:
      switch (r32[32]!) {   // a6
        case 0x0:
          if ((h = x.handlers[0]) !== null) return riscv32_0(h, v, x, len, note);   // demo_version
          if (k < 0) k = 0;
          break;
        case 0x1:
          if ((h = x.handlers[1]) !== null) return riscv32_1(h, v, x, len, note);   // demo_echo
          if (k < 0) k = 1;
          break;
      }
      break;
    case 0x54494d45:
      switch (r32[32]!) {   // a6
        case 0x0:
          if ((h = x.handlers[3]) !== null) return riscv32_3(h, v, x, len, note);   // demo_set_timer
          if (k < 0) k = 3;
          break;
        case 0x1:
          if ((h = x.handlers[4]) !== null) return riscv32_4(h, v, x, len, note);   // demo_old_timer
          if (k < 0) k = 4;
          break;
      }
      break;
  }
  return x.miss(k, k < 0 && reserved_riscv32(v.regs, op), len, note, op);
}

/** demo_version on riscv64 (service 0x10, function 0x0; convention default). */
function riscv64_0(h: DemoHandlers["demo_version"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[0]++;
  const r = v.regs;
  try {
    const out = h({}, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 0);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoVersionResults;
      r[10] = 0x0n;
      r[11] = BigInt.asUintN(32, BigInt(res.version));
    } else {
      const s = statusReg(st, "demo_version");
      r[10] = s;
    }
  } catch (e) {
    return x.threw(v, 0, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[0]! : noted(x.returned[0]!, note);
}

/** demo_echo on riscv64 (service 0x10, function 0x1; convention default). */
function riscv64_1(h: DemoHandlers["demo_echo"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[1]++;
  const r = v.regs;
  try {
    const out = h({ value: r[10]! }, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 1);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoEchoResults;
      r[10] = 0x0n;
      r[11] = res.value;
    } else {
      const s = statusReg(st, "demo_echo");
      r[10] = s;
    }
  } catch (e) {
    return x.threw(v, 1, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[1]! : noted(x.returned[1]!, note);
}

/** demo_set_timer on riscv64 (service 0x54494d45, function 0x0; convention default). */
function riscv64_3(h: DemoHandlers["demo_set_timer"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[3]++;
  const r = v.regs;
  try {
    const out = h({ deadline: r[10]! }, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 3);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      r[10] = 0x0n;
    } else {
      const s = statusReg(st, "demo_set_timer");
      r[10] = s;
    }
  } catch (e) {
    return x.threw(v, 3, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[3]! : noted(x.returned[3]!, note);
}

/** demo_old_timer on riscv64 (service 0x54494d45, function 0x1; convention default). */
function riscv64_4(h: DemoHandlers["demo_old_timer"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[4]++;
  const r = v.regs;
  try {
    const out = h({}, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 4);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      r[10] = 0x0n;
    } else {
      const s = statusReg(st, "demo_old_timer");
      r[10] = s;
    }
  } catch (e) {
    return x.threw(v, 4, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[4]! : noted(x.returned[4]!, note);
}

/** Whether the selector on riscv64 falls in a reserved range of demo (the not-supported answer says "reserved"). */
function reserved_riscv64(r: Regs, _op: number): boolean {
  const f0 = (((r[17]! & 0xffffffffffffffffn) >> 0n) & 0xffffffffffffffffn);   // service
  return (f0 >= 0xa00n && f0 <= 0xaffn)   // reserved;
}

/** demo on riscv64: the hypercall at pc, or null when no trap of demo is there. */
function step_riscv64(v: Vcpu, code: Uint8Array, off: number, avail: number, x: DispatchContext): StepResult | null | undefined {
  if (avail >= 4) {
    const w = (code[off]! | (code[off + 1]! << 8) | (code[off + 2]! << 16) | (code[off + 3]! << 24)) >>> 0;
    if (w !== 0x73) return null;   // ecall
  } else {
    return null;
  }
  const r32 = v.regs32;
  let len: number, note: string | null = null, op = 0;
  len = 4;
  if ((v.modeBit & 0x2) === 0) return x.general();   // the privilege rule: kernel may call
  let h: AnyHandler | null, k = -1;
  // convention default: a7, a6
  if (r32[35]! === 0) {   // a7: high half
    switch (r32[34]!) {   // a7
      case 0x10:
        if (r32[33]! === 0) {   // a6: high half
          switch (r32[32]!) {   // a6
            case 0x0:
              if ((h = x.handlers[0]) !== null) return riscv64_0(h, v, x, len, note);   // demo_version
              if (k < 0) k = 0;
              break;
            case 0x1:
              if ((h = x.handlers[1]) !== null) return riscv64_1(h, v, x, len, note);   // demo_echo
              if (k < 0) k = 1;
              break;
          }
        }
        break;
      case 0x54494d45:
        if (r32[33]! === 0) {   // a6: high half
          switch (r32[32]!) {   // a6
            case 0x0:
              if ((h = x.handlers[3]) !== null) return riscv64_3(h, v, x, len, note);   // demo_set_timer
              if (k < 0) k = 3;
              break;
            case 0x1:
              if ((h = x.handlers[4]) !== null) return riscv64_4(h, v, x, len, note);   // demo_old_timer
              if (k < 0) k = 4;
              break;
          }
        }
        break;
    }
  }
  return x.miss(k, k < 0 && reserved_riscv64(v.regs, op), len, note, op);
}

/** demo_version on x86_64 (service 0x10, function 0x0; convention default). */
function x86_64_0(h: DemoHandlers["demo_version"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[0]++;
  const r = v.regs;
  try {
    const out = h({}, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 0);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoVersionResults;
      r[0] = 0x0n;
      r[3] = BigInt.asUintN(32, BigInt(res.version));
    } else {
      const s = statusReg(st, "demo_version");
      r[0] = s;
    }
  } catch (e) {
    return x.threw(v, 0, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[0]! : noted(x.returned[0]!, note);
}

/** demo_echo on x86_64 (service 0x10, function 0x1; convention default). */
function x86_64_1(h: DemoHandlers["demo_echo"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[1]++;
  const r = v.regs;
  try {
    const out = h({ value: r[3]! }, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 1);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoEchoResults;
      r[0] = 0x0n;
      r[3] = res.value;
    } else {
      const s = statusReg(st, "demo_echo");
      r[0] = s;
    }
  } catch (e) {
    return x.threw(v, 1, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[1]! : noted(x.returned[1]!, note);
}

/** demo_console_write on x86_64 (service 0x20, function 0x0; convention default). */
function x86_64_2(h: DemoHandlers["demo_console_write"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[2]++;
  const r = v.regs;
  try {
    const out = h({ addr: r[3]!, len: r[1]! }, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 2);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      const res = out as DemoConsoleWriteResults;
      r[0] = 0x0n;
      r[3] = res.written;
    } else {
      const s = statusReg(st, "demo_console_write");
      r[0] = s;
    }
  } catch (e) {
    return x.threw(v, 2, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[2]! : noted(x.returned[2]!, note);
}

/** demo_big_constant on x86_64 (service 0xfffffffe, function 0xffff; convention default). */
function x86_64_5(h: DemoHandlers["demo_big_constant"], v: Vcpu, x: DispatchContext, len: number, note: string | null): StepResult {
  x.counts[5]++;
  const r = v.regs;
  try {
    const out = h({}, v);
    if (typeof out === "object" && out !== null && typeof (out as { then?: unknown }).then === "function") x.sync(out, 5);   // throws: handlers are synchronous
    const st = out.status;
    if (st === undefined || st === "DEMO_OK") {
      r[0] = 0x0n;
    } else {
      const s = statusReg(st, "demo_big_constant");
      r[0] = s;
    }
  } catch (e) {
    return x.threw(v, 5, e, len, note);
  }
  v.pc += len;
  return note === null ? x.returned[5]! : noted(x.returned[5]!, note);
}

/** Whether the selector on x86_64 falls in a reserved range of demo (the not-supported answer says "reserved"). */
function reserved_x86_64(r: Regs, _op: number): boolean {
  const f0 = (((r[0]! & 0xffffffffffffffffn) >> 32n) & 0xffffffffn);   // service
  return (f0 >= 0xa00n && f0 <= 0xaffn)   // reserved;
}

/** demo on x86_64: the hypercall at pc, or null when no trap of demo is there. */
function step_x86_64(v: Vcpu, code: Uint8Array, off: number, avail: number, x: DispatchContext): StepResult | null | undefined {
  let trap: number;
  if (avail >= 4) {
    const w = (code[off]! | (code[off + 1]! << 8) | (code[off + 2]! << 16) | (code[off + 3]! << 24)) >>> 0;
    if ((w & 0xffffff) === 0xc1010f) trap = 0;   // vmcall
    else if ((w & 0xffffff) === 0xd9010f) trap = 1;   // vmmcall
    else return null;
  } else {
    if (avail >= 3 && code[off]! === 0xf && code[off + 1]! === 0x1 && code[off + 2]! === 0xc1) trap = 0;   // vmcall
    else if (avail >= 3 && code[off]! === 0xf && code[off + 1]! === 0x1 && code[off + 2]! === 0xd9) trap = 1;   // vmmcall
    else return null;
  }
  const r32 = v.regs32;
  let len: number, note: string | null = null, op = 0;
  switch (trap) {
    case 0: {   // vmcall
      if (v.vendor !== "intel") {
        note = "vmcall (intel) patched to the " + v.vendor + " instruction";
      }
      len = 3;
      break;
    }
    default: {   // vmmcall
      if (v.vendor !== "amd") {
        note = "vmmcall (amd) patched to the " + v.vendor + " instruction";
      }
      len = 3;
      break;
    }
  }
  if ((v.modeBit & 0x2) === 0) return x.general();   // the privilege rule: kernel may call
  let h: AnyHandler | null, k = -1;
  // convention default: rax
  if (((r32[0]! & 0x80000000) >>> 0) === 0x80000000) {   // the selector's const bits
    switch ((r32[0]! & 0xffff)) {   // rax
      case 0x0:
        switch (r32[1]!) {
          case 0x10:
            if ((h = x.handlers[0]) !== null) return x86_64_0(h, v, x, len, note);   // demo_version
            if (k < 0) k = 0;
            break;
          case 0x20:
            if ((h = x.handlers[2]) !== null) return x86_64_2(h, v, x, len, note);   // demo_console_write
            if (k < 0) k = 2;
            break;
        }
        break;
      case 0x1:
        switch (r32[1]!) {
          case 0x10:
            if ((h = x.handlers[1]) !== null) return x86_64_1(h, v, x, len, note);   // demo_echo
            if (k < 0) k = 1;
            break;
        }
        break;
      case 0xffff:
        switch (r32[1]!) {
          case 0xfffffffe:
            if ((h = x.handlers[5]) !== null) return x86_64_5(h, v, x, len, note);   // demo_big_constant
            if (k < 0) k = 5;
            break;
        }
        break;
    }
  }
  return x.miss(k, k < 0 && reserved_x86_64(v.regs, op), len, note, op);
}

/** Demo paravirtual interface (test fixture): the generated dispatcher (test/fixtures/valid/demo.yaml), loaded by the runtime through demoAbi.dispatch. */
export const demoDispatch: AbiDispatch = {
  format: 2,
  calls: ["demo_version", "demo_echo", "demo_console_write", "demo_set_timer", "demo_old_timer", "demo_big_constant"],
  arches: { ppc64: step_ppc64, riscv32: step_riscv32, riscv64: step_riscv64, x86_64: step_x86_64 },
};

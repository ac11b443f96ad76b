// A virtual CPU: the register file (exact to 64 bits; 32-bit arches truncate on write), pc, mode and
// CPU vendor. Register names and widths come from the generated arch tables, never from here.
import type { GuestMemory } from "./memory.js";
import type { StepResult } from "./outcome.js";
import { modeBit, regs32Of } from "./compile.js";
import type { ArchName, Mode, Regs, Vendor } from "./types.js";

/** The part of a machine a vCPU needs (machine.ts implements it). */
export interface TrapExecutor {
  step(vcpu: Vcpu): StepResult;
}

export interface VcpuOptions {
  readonly mode?: Mode;
  readonly vendor?: Vendor;
  /**
   * The pc a stub's trap runs at (default 0x1000). Only an address: the trap bytes are fetched from a
   * private buffer, never written to guest memory, so a guest buffer there is left untouched.
   */
  readonly stubBase?: number;
}

const NO_PAGE = new Uint8Array(0);

export class Vcpu {
  readonly regs: Regs;
  /** The same register file as 32-bit halves (host byte order), for the dispatcher's allocation-free reads. */
  readonly regs32: Uint32Array;
  /** Guest address of the next instruction. */
  pc = 0;
  /** modeBit(mode), kept in step with `mode` so the dispatcher's privilege check is one AND. */
  modeBit = 0;
  private _mode: Mode = "kernel";
  vendor: Vendor;
  stubBase: number;
  /**
   * While a stub runs: its code, which the machine fetches instead of guest memory for a pc in
   * [stubBase, stubBase + length). null otherwise. Set and cleared by hypercall() only.
   */
  stubCode: Uint8Array | null = null;
  /** The machine that last stepped this vCPU and its per-arch dispatch state (a cache, not API). */
  cacheOwner: unknown = null;
  cache: unknown = null;
  /**
   * The guest page the last trap was fetched from and its address (a one-entry fetch cache, not API).
   * Guest memory never replaces or frees a page, so a cached page stays the page at that address.
   */
  codePage: Uint8Array = NO_PAGE;
  codeBase = -Infinity;
  /** For cacheOwner: the last offset in a page a trap fits at, and its first ABI's generated dispatcher (or null). */
  codeLimit = -1;
  fast: unknown = null;
  private readonly slots: ReadonlyMap<string, number>;
  private readonly wordMask: bigint;

  constructor(
    readonly machine: TrapExecutor,
    readonly arch: ArchName,
    readonly word: 32 | 64,
    readonly endian: "big" | "little",
    readonly registers: readonly string[],
    readonly mem: GuestMemory,
    opts: VcpuOptions = {},
  ) {
    this.regs = new BigUint64Array(registers.length);
    this.regs32 = regs32Of(this.regs);
    this.slots = new Map(registers.map((r, i) => [r, i]));
    this.wordMask = (1n << BigInt(word)) - 1n;
    this.mode = opts.mode ?? "kernel";
    this.vendor = opts.vendor ?? "intel";
    this.stubBase = opts.stubBase ?? 0x1000;
  }

  get mode(): Mode {
    return this._mode;
  }

  set mode(m: Mode) {
    this._mode = m;
    this.modeBit = modeBit(m);
  }

  private slot(name: string): number {
    const s = this.slots.get(name);
    if (s === undefined) throw new RangeError(`${this.arch} has no register '${name}' (registers: ${this.registers.join(", ")})`);
    return s;
  }

  reg(name: string): bigint {
    return this.regs[this.slot(name)]! & this.wordMask;
  }

  /** Sets a register; the value is truncated to the arch word (negative values wrap). */
  setReg(name: string, value: bigint): void {
    this.regs[this.slot(name)] = BigInt.asUintN(this.word, value);
  }

  /** Runs the instruction at pc through the machine (a hypercall, a fault, or nothing). */
  step(): StepResult {
    return this.machine.step(this);
  }

  /**
   * Used by generated stubs: executes the trap at `trapOffset` of `code` (the trap, or its whole
   * sequence) with pc = stubBase + trapOffset, then returns to the caller's pc as the stub's `ret`
   * would. The code is fetched from `code` itself, not from guest memory: guest memory is unchanged.
   */
  hypercall(code: Uint8Array, trapOffset: number): StepResult {
    const saved = this.pc, savedCode = this.stubCode;
    this.stubCode = code;
    this.pc = this.stubBase + trapOffset;
    try {
      return this.machine.step(this);
    } finally {
      this.pc = saved;
      this.stubCode = savedCode;
    }
  }

  /** Reads an unsigned integer from guest memory in the arch's byte order (aligned). */
  load(addr: bigint | number, bytes: 1 | 2 | 4 | 8): bigint {
    return this.mem.readUint(addr, bytes, this.endian);
  }

  store(addr: bigint | number, bytes: 1 | 2 | 4 | 8, value: bigint): void {
    this.mem.writeUint(addr, bytes, value, this.endian);
  }
}

// Guest memory for handlers of a served guest, read and written through the gdbstub (`m`/`M`), behind
// the runtime's GuestMemory interface. An address the gdbstub refuses becomes a GuestAddressError,
// which the dispatcher answers with the ABI's invalid_address status, as in the emulator. Accesses are
// bounded (a handler cannot make the link carry a gigabyte). The code the trap sites were found in is
// kept as read at the start (breakpoints assume it does not change), so matching the trap at a stop
// costs no memory read.
import { GuestAddressError, GuestMemory, PAGE_SIZE } from "../../runtime/memory.js";
import { GdbMemoryFault, type GdbSession } from "./session.js";

/** Largest single read or write a handler may make through the gdbstub. */
export const MAX_ACCESS = 1 << 20;

export class GdbMemory extends GuestMemory {
  private readonly code = new Map<number, Uint8Array>();

  constructor(private readonly session: GdbSession) {
    super(Number.MAX_SAFE_INTEGER);
  }

  /** Remembers code read at the start (page-granular; bytes outside the range stay zero). */
  addCode(start: bigint, bytes: Uint8Array): void {
    if (start + BigInt(bytes.length) > BigInt(Number.MAX_SAFE_INTEGER)) return; // the runtime's pc is a number
    const base = Number(start);
    for (let i = 0; i < bytes.length;) {
      const a = base + i, n = Math.floor(a / PAGE_SIZE), off = a % PAGE_SIZE, len = Math.min(PAGE_SIZE - off, bytes.length - i);
      let p = this.code.get(n);
      if (p === undefined) this.code.set(n, (p = new Uint8Array(PAGE_SIZE)));
      p.set(bytes.subarray(i, i + len), off);
      i += len;
    }
  }

  override page(addr: number, create: boolean): Uint8Array | undefined {
    if (create) throw new Error("guest memory of a served guest has no page views to write; use write()");
    const n = Math.floor(addr / PAGE_SIZE);
    return this.code.get(n) ?? this.read(n * PAGE_SIZE, PAGE_SIZE);
  }

  override read(addr: bigint | number, len: number): Uint8Array {
    const a = this.bounded(addr, len);
    try {
      return this.session.readMemory(a, len);
    } catch (e) {
      if (e instanceof GdbMemoryFault) throw new GuestAddressError(e.address, e.length, "out-of-range");
      throw e;
    }
  }

  override write(addr: bigint | number, bytes: ArrayLike<number>): void {
    const a = this.bounded(addr, bytes.length);
    try {
      this.session.writeMemory(a, bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
    } catch (e) {
      if (e instanceof GdbMemoryFault) throw new GuestAddressError(e.address, e.length, "out-of-range");
      throw e;
    }
  }

  override get allocatedPages(): number { return 0; }

  private bounded(addr: bigint | number, len: number): bigint {
    if (!Number.isSafeInteger(len) || len < 0 || len > MAX_ACCESS) throw new RangeError(`a served guest's memory is accessed at most ${MAX_ACCESS} bytes at a time (asked for ${len})`);
    const a = typeof addr === "bigint" ? addr : Number.isSafeInteger(addr) ? BigInt(addr) : -1n;
    if (a < 0n || a + BigInt(len) > 1n << 64n) throw new GuestAddressError(a < 0n ? 0n : a, len, "out-of-range");
    return a;
  }
}

// Sparse, page-granular guest-physical memory. Pages are allocated on first write; unwritten
// memory reads as zero. Bad accesses throw GuestAddressError, which the dispatcher turns into the
// ABI's invalid_address status, so a guest can never crash the emulator through a handler.

export class GuestAddressError extends Error {
  constructor(readonly address: bigint, readonly length: number, readonly why: "out-of-range" | "misaligned") {
    super(`guest address 0x${address.toString(16)} (+${length}) is ${why}`);
    this.name = "GuestAddressError";
  }
}

export const PAGE_SIZE = 4096;

export class GuestMemory {
  private readonly pages = new Map<number, Uint8Array>();

  /** `size` bytes of guest-physical address space, [0, size). */
  constructor(readonly size: number = 2 ** 32) {
    if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`memory size must be a positive safe integer, got ${size}`);
  }

  /** Checks [addr, addr+len) and returns addr as a number; throws GuestAddressError. */
  check(addr: bigint | number, len: number, align = 1): number {
    // Fast path (stubs, handlers with small addresses): plain numbers, no bigint arithmetic.
    if (typeof addr === "number" && Number.isSafeInteger(addr) && addr >= 0 && addr + len <= this.size && (align === 1 || addr % align === 0)) return addr;
    const a = typeof addr === "bigint" ? addr : Number.isSafeInteger(addr) ? BigInt(addr) : -1n;
    if (a < 0n || len < 0 || a + BigInt(len) > BigInt(this.size)) throw new GuestAddressError(a < 0n ? 0n : a, len, "out-of-range");
    if (align > 1 && a % BigInt(align) !== 0n) throw new GuestAddressError(a, len, "misaligned");
    return Number(a);
  }

  /** The page holding `addr` (allocated when `create`), or undefined. Callers have checked addr. */
  page(addr: number, create: boolean): Uint8Array | undefined {
    const n = Math.floor(addr / PAGE_SIZE);
    let p = this.pages.get(n);
    if (p === undefined && create) this.pages.set(n, (p = new Uint8Array(PAGE_SIZE)));
    return p;
  }

  read(addr: bigint | number, len: number): Uint8Array {
    let a = this.check(addr, len);
    const out = new Uint8Array(len);
    for (let done = 0; done < len;) {
      const off = a % PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      const p = this.page(a, false);
      if (p !== undefined) out.set(p.subarray(off, off + n), done);
      done += n; a += n;
    }
    return out;
  }

  write(addr: bigint | number, bytes: ArrayLike<number>): void {
    let a = this.check(addr, bytes.length);
    const src = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    for (let done = 0; done < src.length;) {
      const off = a % PAGE_SIZE;
      const n = Math.min(src.length - done, PAGE_SIZE - off);
      this.page(a, true)!.set(src.subarray(done, done + n), off);
      done += n; a += n;
    }
  }

  /** Unsigned little- or big-endian integer of 1, 2, 4 or 8 bytes; naturally aligned. */
  readUint(addr: bigint | number, bytes: 1 | 2 | 4 | 8, endian: "big" | "little"): bigint {
    this.check(addr, bytes, bytes);
    const b = this.read(addr, bytes);
    let v = 0n;
    for (let i = 0; i < bytes; i++) v = (v << 8n) | BigInt(b[endian === "big" ? i : bytes - 1 - i]!);
    return v;
  }

  writeUint(addr: bigint | number, bytes: 1 | 2 | 4 | 8, value: bigint, endian: "big" | "little"): void {
    this.check(addr, bytes, bytes);
    const b = new Uint8Array(bytes);
    let v = BigInt.asUintN(bytes * 8, value);
    for (let i = 0; i < bytes; i++) { b[endian === "big" ? bytes - 1 - i : i] = Number(v & 0xffn); v >>= 8n; }
    this.write(addr, b);
  }

  /** Number of allocated pages (for tests and memory accounting). */
  get allocatedPages(): number {
    return this.pages.size;
  }
}

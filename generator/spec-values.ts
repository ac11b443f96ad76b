// Small shared readers for raw spec values (after the schema has accepted their shape).

export type Raw = Record<string, unknown>;

export const isRaw = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);
export const rawList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const rawStr = (v: unknown, dflt = ""): string => (typeof v === "string" ? v : dflt);
export const rawStrList = (v: unknown): string[] => rawList(v).filter((x): x is string => typeof x === "string");

/** An integer value or {ascii}; returns the bigint and the ASCII text if written that way. */
export function readValue(v: unknown): { value: bigint; ascii: string | null } | null {
  if (typeof v === "bigint") return { value: v, ascii: null };
  if (typeof v === "number" && Number.isSafeInteger(v)) return { value: BigInt(v), ascii: null };
  if (isRaw(v) && typeof v.ascii === "string") {
    let x = 0n;
    for (const ch of v.ascii) {
      const c = ch.codePointAt(0)!;
      if (c > 0x7f) return null;
      x = (x << 8n) | BigInt(c);
    }
    if (v.ascii.length > 16) return null;
    return { value: x, ascii: v.ascii };
  }
  return null;
}

/** Parses "hi:lo" or "n" (or an integer) into a bit range; null when malformed. */
export function readBits(v: unknown): { hi: number; lo: number } | null {
  if (typeof v === "bigint" || typeof v === "number") {
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 && n < 64 ? { hi: n, lo: n } : null;
  }
  if (typeof v !== "string") return null;
  const m = /^(\d{1,2})(?::(\d{1,2}))?$/.exec(v);
  if (!m) return null;
  const hi = Number(m[1]);
  const lo = m[2] === undefined ? hi : Number(m[2]);
  return hi >= lo && hi < 64 ? { hi, lo } : null;
}

export const bitWidth = (b: { hi: number; lo: number }): number => b.hi - b.lo + 1;
export const maskOf = (b: { hi: number; lo: number }): bigint => ((1n << BigInt(bitWidth(b))) - 1n) << BigInt(b.lo);

export function hex(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

export function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");
}

export function parseHexBytes(s: string): Uint8Array {
  return Uint8Array.from(s.trim().split(/\s+/).map((x) => parseInt(x, 16)));
}

export function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object" && !Object.isFrozen(o) && !(o instanceof Uint8Array)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/** Width in bits of an argument type on an arch of the given word size. */
export function typeWidth(type: string, word: number): number {
  switch (type) {
    case "u8": case "i8": case "bool": return 8;
    case "u16": case "i16": return 16;
    case "u32": case "i32": return 32;
    case "u64": case "i64": return 64;
    default: return word; // ulong, long, gpa, gva, ptr
  }
}

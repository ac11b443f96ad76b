// GDB Remote Serial Protocol framing, shared by the async client (`hcgen trace`) and the synchronous
// link (`hcgen serve`). A gdbstub is not trusted: every packet is bounded in size before and after
// run-length expansion, decoding is linear in the input, and every malformed byte is an RspError
// naming what is wrong, never a RangeError from deep inside a socket callback.

export class RspError extends Error {}

/** Longest packet body accepted on the wire, and longest after run-length expansion. */
export const MAX_WIRE_PACKET = 64 * 1024;
export const MAX_PACKET = 256 * 1024;
/** Bad checksums in a row before the link is declared broken (a stub resending garbage forever). */
export const MAX_BAD_CHECKSUMS = 8;

export function checksum(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) c = (c + s.charCodeAt(i)) & 0xff;
  return c;
}

/** `#`, `$`, `}` and `*` are escaped as `}` + (byte ^ 0x20) (binary data in packets). */
const escape = (s: string) => s.replace(/[#$}*]/g, (c) => `}${String.fromCharCode(c.charCodeAt(0) ^ 0x20)}`);

export function framePacket(data: string): string {
  const body = escape(data);
  return `$${body}#${checksum(body).toString(16).padStart(2, "0")}`;
}

const show = (code: number) => `0x${code.toString(16).padStart(2, "0")}`;

/**
 * Undoes escapes and run-length encoding ("X*" + count byte: count - 29 more copies of X). The count
 * byte must be printable (0x20..0x7e: 3..97 copies; GDB's own encoder never emits '#' or '$').
 */
export function unpack(body: string, max = MAX_PACKET): string {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x7d) { // '}'
      if (++i >= body.length) throw new RspError("malformed packet: truncated escape ('}' at the end)");
      out.push(body.charCodeAt(i) ^ 0x20);
    } else if (c === 0x2a) { // '*'
      if (out.length === 0) throw new RspError("malformed run-length encoding: '*' with nothing to repeat");
      if (++i >= body.length) throw new RspError("malformed run-length encoding: truncated ('*' at the end)");
      const n = body.charCodeAt(i);
      if (n < 0x20 || n > 0x7e) throw new RspError(`malformed run-length encoding: run-length count byte ${show(n)} (must be 0x20..0x7e)`);
      const last = out[out.length - 1]!;
      for (let k = n - 29; k > 0; k--) out.push(last);
    } else out.push(c);
    if (out.length > max) throw new RspError(`packet longer than ${max} bytes once expanded`);
  }
  // Chunked so a long packet does not overflow the argument list of fromCharCode.
  let s = "";
  for (let i = 0; i < out.length; i += 8192) s += String.fromCharCode(...out.slice(i, i + 8192));
  return s;
}

export type Frame = { readonly kind: "ack" } | { readonly kind: "nak" } | { readonly kind: "packet"; readonly data: string };

/**
 * Splits the byte stream from a gdbstub into acks and packets. feed() returns the frames completed so
 * far and what to answer on the wire ('+' for a good packet, '-' for a bad checksum); it throws
 * RspError for a packet over the size limits, a malformed packet, or too many bad checksums in a row.
 */
export class PacketReader {
  private buf = "";
  private badSums = 0;

  feed(chunk: string): { frames: Frame[]; reply: string } {
    this.buf += chunk;
    const frames: Frame[] = [];
    let reply = "", pos = 0;
    const buf = this.buf;
    for (;;) {
      // Skip stray bytes (e.g. a late ^C echo) up to the next ack or packet start, in one scan.
      while (pos < buf.length && !"+-$%".includes(buf[pos]!)) pos++;
      if (pos >= buf.length) break;
      const c = buf[pos]!;
      if (c === "+" || c === "-") { frames.push({ kind: c === "+" ? "ack" : "nak" }); pos++; continue; }
      const hash = buf.indexOf("#", pos + 1);
      if (hash < 0) {
        if (buf.length - pos > MAX_WIRE_PACKET + 3) throw new RspError(`packet longer than ${MAX_WIRE_PACKET} bytes on the wire (no '#' seen)`);
        break;
      }
      if (hash - pos - 1 > MAX_WIRE_PACKET) throw new RspError(`packet longer than ${MAX_WIRE_PACKET} bytes on the wire`);
      if (buf.length < hash + 3) break;
      const body = buf.slice(pos + 1, hash);
      const sum = buf.slice(hash + 1, hash + 3);
      pos = hash + 3;
      if (!/^[0-9a-fA-F]{2}$/.test(sum) || checksum(body) !== parseInt(sum, 16)) {
        if (++this.badSums > MAX_BAD_CHECKSUMS) throw new RspError(`${MAX_BAD_CHECKSUMS} packets in a row with a bad checksum: the link is broken`);
        reply += "-";
        continue;
      }
      this.badSums = 0;
      reply += "+";
      if (c === "$") frames.push({ kind: "packet", data: unpack(body) }); // '%' notifications (non-stop mode) are not used
    }
    this.buf = buf.slice(pos);
    return { frames, reply };
  }
}

/** `E..` error replies of a request. */
export const isErrorReply = (reply: string) => /^E[0-9a-f]{2}$/i.test(reply);

export type StopReply =
  | { readonly kind: "stopped"; readonly signal: number; readonly raw: string }
  | { readonly kind: "exited"; readonly code: number }
  | { readonly kind: "killed"; readonly signal: number };

export function parseStopReply(p: string): StopReply {
  if (/^[ST][0-9a-f]{2}/i.test(p)) return { kind: "stopped", signal: parseInt(p.slice(1, 3), 16), raw: p };
  if (/^W[0-9a-f]{2}/i.test(p)) return { kind: "exited", code: parseInt(p.slice(1, 3), 16) };
  if (/^X[0-9a-f]{2}/i.test(p)) return { kind: "killed", signal: parseInt(p.slice(1, 3), 16) };
  throw new RspError(`unexpected stop reply '${printable(p.slice(0, 40))}'`);
}

/** A reply excerpt safe to print (control bytes shown as \xNN). */
export function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Decodes a hex reply (an `m` reply) into bytes; anything but an even run of hex digits is an error. */
export function hexBytes(hex: string, what: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RspError(`malformed ${what}: '${printable(hex.slice(0, 40))}' is not hex bytes`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

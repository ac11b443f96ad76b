// A small GDB Remote Serial Protocol client (all-stop mode, with acks): enough to attach to QEMU's
// gdbstub, read registers and memory, plant software breakpoints and run. Every wait has a
// deadline, and a closed connection ends every wait, so a guest that exits never hangs the tracer.
import { Socket } from "node:net";

export class RspError extends Error {}

export type StopReply =
  | { readonly kind: "stopped"; readonly signal: number; readonly raw: string }
  | { readonly kind: "exited"; readonly code: number }
  | { readonly kind: "killed"; readonly signal: number };

const checksum = (s: string) => { let c = 0; for (let i = 0; i < s.length; i++) c = (c + s.charCodeAt(i)) & 0xff; return c; };
/** `#`, `$`, `}` and `*` are escaped as `}` + (byte ^ 0x20) (binary data in packets). */
const escape = (s: string) => s.replace(/[#$}*]/g, (c) => `}${String.fromCharCode(c.charCodeAt(0) ^ 0x20)}`);

/** Undoes escapes and run-length encoding ("X*" + count char: count - 29 more copies of X). */
export function unpack(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "}") { out += String.fromCharCode(body.charCodeAt(++i) ^ 0x20); continue; }
    if (c === "*" && out.length > 0) { out += out[out.length - 1]!.repeat(body.charCodeAt(++i) - 29); continue; }
    out += c;
  }
  return out;
}

export function framePacket(data: string): string {
  const body = escape(data);
  return `$${body}#${checksum(body).toString(16).padStart(2, "0")}`;
}

export function parseStopReply(p: string): StopReply {
  if (/^[ST][0-9a-f]{2}/i.test(p)) return { kind: "stopped", signal: parseInt(p.slice(1, 3), 16), raw: p };
  if (/^W[0-9a-f]{2}/i.test(p)) return { kind: "exited", code: parseInt(p.slice(1, 3), 16) };
  if (/^X[0-9a-f]{2}/i.test(p)) return { kind: "killed", signal: parseInt(p.slice(1, 3), 16) };
  throw new RspError(`unexpected stop reply '${p.slice(0, 40)}'`);
}

export class RspClient {
  private buf = "";
  private packets: string[] = [];
  private acks: string[] = [];
  private waiter: (() => void) | null = null;
  closed = false;

  private constructor(private readonly sock: Socket, readonly timeoutMs: number) {
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => { this.buf += d; this.parse(); this.wake(); });
    const end = () => { this.closed = true; this.wake(); };
    sock.on("close", end);
    sock.on("error", end);
  }

  /**
   * Connects to exactly host:port (no other address is tried). A refused connection is retried
   * until the deadline, so the tracer may be started together with QEMU.
   */
  static async connect(host: string, port: number, timeoutMs = 5000): Promise<RspClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await RspClient.connectOnce(host, port, Math.max(1, deadline - Date.now()), timeoutMs);
      } catch (e) {
        const refused = (e as { refused?: boolean }).refused === true;
        if (!refused || Date.now() + 100 >= deadline) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private static connectOnce(host: string, port: number, timeoutMs: number, replyTimeoutMs: number): Promise<RspClient> {
    return new Promise((resolve, reject) => {
      const sock = new Socket();
      const timer = setTimeout(() => { sock.destroy(); reject(new RspError(`cannot connect to ${host}:${port}: timed out after ${timeoutMs} ms`)); }, timeoutMs);
      sock.once("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(Object.assign(new RspError(`cannot connect to ${host}:${port}: ${e.message}`), { refused: e.code === "ECONNREFUSED" }));
      });
      sock.connect({ host, port }, () => { clearTimeout(timer); sock.removeAllListeners("error"); resolve(new RspClient(sock, replyTimeoutMs)); });
    });
  }

  private wake(): void { const w = this.waiter; this.waiter = null; w?.(); }

  private parse(): void {
    for (;;) {
      const c = this.buf[0];
      if (c === undefined) return;
      if (c === "+" || c === "-") { this.acks.push(c); this.buf = this.buf.slice(1); continue; }
      if (c !== "$" && c !== "%") { this.buf = this.buf.slice(1); continue; } // stray bytes (e.g. a late ^C echo)
      const hash = this.buf.indexOf("#");
      if (hash < 0 || this.buf.length < hash + 3) return;
      const body = this.buf.slice(1, hash);
      const sum = parseInt(this.buf.slice(hash + 1, hash + 3), 16);
      this.buf = this.buf.slice(hash + 3);
      if (checksum(body) !== sum) { this.sock.write("-"); continue; }
      this.sock.write("+");
      if (c === "$") this.packets.push(unpack(body));
    }
  }

  /** Waits until `ready()` holds, the connection closes, or the deadline passes. */
  private async until(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (this.closed) throw new RspError(`connection closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new RspError(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((r) => { const t = setTimeout(r, left); this.waiter = () => { clearTimeout(t); r(); }; });
    }
  }

  private async send(data: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      this.acks = [];
      this.sock.write(framePacket(data));
      await this.until(() => this.acks.length > 0, this.timeoutMs, `the ack of '${data.slice(0, 20)}'`);
      if (this.acks[0] === "+") return;
    }
    throw new RspError(`packet '${data.slice(0, 20)}' was rejected three times`);
  }

  async receive(timeoutMs = this.timeoutMs, what = "a reply"): Promise<string> {
    await this.until(() => this.packets.length > 0, timeoutMs, what);
    return this.packets.shift()!;
  }

  /** Sends a command and returns its reply; `E..` replies become errors. */
  async request(data: string, timeoutMs = this.timeoutMs): Promise<string> {
    await this.send(data);
    const reply = await this.receive(timeoutMs, `the reply to '${data.slice(0, 20)}'`);
    if (/^E[0-9a-f]{2}$/i.test(reply)) throw new RspError(`'${data.slice(0, 20)}' failed: ${reply}`);
    return reply;
  }

  /** `c` or `s`: resumes and waits (up to timeoutMs) for the stop reply. A closed socket means the guest exited. */
  async resume(cmd: "c" | "s", timeoutMs: number): Promise<StopReply> {
    try {
      await this.send(cmd);
      return parseStopReply(await this.receive(timeoutMs, "the guest to stop"));
    } catch (e) {
      if (this.closed && this.packets.length === 0) return { kind: "exited", code: -1 };
      throw e;
    }
  }

  /** Stops a running guest (^C is sent raw, not as a packet) and waits for its stop reply. */
  async interrupt(timeoutMs = this.timeoutMs): Promise<StopReply> {
    this.sock.write("\x03");
    return parseStopReply(await this.receive(timeoutMs, "the guest to stop after ^C"));
  }

  async readMemory(addr: bigint, len: number): Promise<Uint8Array> {
    const out = new Uint8Array(len);
    for (let off = 0; off < len; off += 1024) {
      const n = Math.min(1024, len - off);
      const hex = await this.request(`m${(addr + BigInt(off)).toString(16)},${n.toString(16)}`);
      if (hex.length !== n * 2) throw new RspError(`short memory read at 0x${(addr + BigInt(off)).toString(16)}`);
      for (let i = 0; i < n; i++) out[off + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    }
    return out;
  }

  close(): void { this.sock.destroy(); this.closed = true; }
}

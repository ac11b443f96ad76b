// A small GDB Remote Serial Protocol client (all-stop mode, with acks): enough to attach to QEMU's
// gdbstub, read registers and memory, plant software breakpoints and run. Every wait has a
// deadline, and a closed connection ends every wait, so a guest that exits never hangs the tracer.
import { Socket } from "node:net";
import { framePacket, hexBytes, isErrorReply, PacketReader, parseStopReply, RspError, type StopReply } from "./rsp-packet.js";

export { framePacket, parseStopReply, RspError, unpack, type StopReply } from "./rsp-packet.js";
export class RspClient {
  private readonly reader = new PacketReader();
  private packets: string[] = [];
  /** A protocol failure seen in a socket callback, rethrown by the next wait (never thrown there). */
  private failure: RspError | null = null;
  private acks: string[] = [];
  private waiter: (() => void) | null = null;
  closed = false;

  private constructor(private readonly sock: Socket, readonly timeoutMs: number) {
    sock.setEncoding("latin1");
    sock.setNoDelay(true); // one small packet per round trip: Nagle would add a delayed-ack wait to each
    sock.on("data", (d: string) => { this.parse(d); this.wake(); });
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

  private parse(chunk: string): void {
    if (this.failure !== null) return;
    try {
      const { frames, reply } = this.reader.feed(chunk);
      if (reply) this.sock.write(reply);
      for (const f of frames) if (f.kind === "packet") this.packets.push(f.data); else this.acks.push(f.kind === "ack" ? "+" : "-");
    } catch (e) {
      this.failure = e instanceof RspError ? e : new RspError(String(e));
      this.sock.destroy();
    }
  }

  /** Waits until `ready()` holds, the connection closes, or the deadline passes. */
  private async until(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (this.failure !== null) throw this.failure;
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
    if (isErrorReply(reply)) throw new RspError(`'${data.slice(0, 20)}' failed: ${reply}`);
    return reply;
  }

  /** `c` or `s`: resumes and waits (up to timeoutMs) for the stop reply. A closed socket means the guest exited. */
  async resume(cmd: "c" | "s", timeoutMs: number): Promise<StopReply> {
    try {
      await this.send(cmd);
      return parseStopReply(await this.receive(timeoutMs, "the guest to stop"));
    } catch (e) {
      if (this.closed && this.failure === null && this.packets.length === 0) return { kind: "exited", code: -1 };
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
      const at = `0x${(addr + BigInt(off)).toString(16)}`;
      const bytes = hexBytes(await this.request(`m${(addr + BigInt(off)).toString(16)},${n.toString(16)}`), `memory reply at ${at}`);
      if (bytes.length !== n) throw new RspError(`short memory read at ${at} (${bytes.length} of ${n} bytes)`);
      out.set(bytes, off);
    }
    return out;
  }

  close(): void { this.sock.destroy(); this.closed = true; }
}

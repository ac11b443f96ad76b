// The RSP conversation `hcgen serve` needs, over a SyncLink: synchronous requests (registers, memory,
// breakpoints: a handler may read guest memory in the middle of a dispatch) and an asynchronous wait
// for the guest to stop. Framing and every size bound come from observe/rsp-packet.ts, shared with
// `hcgen trace`; every wait has a deadline, and a closed link ends every wait.
import { framePacket, hexBytes, isErrorReply, PacketReader, parseStopReply, printable, RspError, toHex, type StopReply } from "../observe/rsp-packet.js";
import type { SyncLink } from "./link.js";

/** A memory access the gdbstub refused (`E..`): the address is not mapped. */
export class GdbMemoryFault extends RspError {
  constructor(readonly address: bigint, readonly length: number, reply: string) {
    super(`guest memory at 0x${address.toString(16)} (+${length}) is not accessible (gdbstub answered ${reply})`);
  }
}

/** Bytes per `m`/`M` packet: QEMU's gdbstub packet buffer holds 4 KiB of hex. */
const MEMORY_CHUNK = 1024;

export class GdbSession {
  private readonly reader = new PacketReader();
  private readonly packets: string[] = [];
  private acks: ("+" | "-")[] = [];
  private failure: RspError | null = null;

  constructor(private readonly link: SyncLink, readonly timeoutMs: number) {}

  get closed(): boolean { return this.link.closed; }

  private pump(chunk: string): void {
    if (chunk === "" || this.failure !== null) return;
    try {
      const { frames, reply } = this.reader.feed(chunk);
      if (reply) this.link.write(reply);
      for (const f of frames) if (f.kind === "packet") this.packets.push(f.data); else this.acks.push(f.kind === "ack" ? "+" : "-");
    } catch (e) {
      this.failure = e instanceof RspError ? e : new RspError(String(e));
      this.link.close();
    }
  }

  private check(what: string, deadline: number, timeoutMs: number): number {
    if (this.failure !== null) throw this.failure;
    if (this.link.closed) throw new RspError(`connection closed while waiting for ${what}`);
    const left = deadline - Date.now();
    if (left <= 0) throw new RspError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    return left;
  }

  private waitSync(ready: () => boolean, timeoutMs: number, what: string): void {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) this.pump(this.link.readSync(this.check(what, deadline, timeoutMs)));
  }

  private async waitAsync(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) this.pump(await this.link.readAsync(this.check(what, deadline, timeoutMs)));
  }

  private send(data: string): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      this.acks = [];
      this.link.write(framePacket(data));
      this.waitSync(() => this.acks.length > 0, this.timeoutMs, `the ack of '${data.slice(0, 20)}'`);
      if (this.acks[0] === "+") return;
    }
    throw new RspError(`packet '${data.slice(0, 20)}' was rejected three times`);
  }

  /** Sends a command and returns its reply (`E..` included: the caller knows what it means). */
  request(data: string): string {
    this.send(data);
    this.waitSync(() => this.packets.length > 0, this.timeoutMs, `the reply to '${data.slice(0, 20)}'`);
    return this.packets.shift()!;
  }

  /** A request that must answer OK. */
  expectOk(data: string, what: string): void {
    const reply = this.request(data);
    if (reply !== "OK") throw new RspError(`${what}: '${data.slice(0, 24)}' answered '${printable(reply.slice(0, 40))}'`);
  }

  /** `c` or `s`, then waits up to timeoutMs (without blocking the event loop) for the stop reply. */
  async resume(cmd: "c" | "s", timeoutMs: number): Promise<StopReply> {
    try {
      this.send(cmd);
      await this.waitAsync(() => this.packets.length > 0, timeoutMs, "the guest to stop");
      return parseStopReply(this.packets.shift()!);
    } catch (e) {
      if (this.link.closed && this.failure === null && this.packets.length === 0) return { kind: "exited", code: -1 };
      throw e;
    }
  }

  readMemory(addr: bigint, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (let off = 0; off < len; off += MEMORY_CHUNK) {
      const n = Math.min(MEMORY_CHUNK, len - off), at = addr + BigInt(off);
      const reply = this.request(`m${at.toString(16)},${n.toString(16)}`);
      if (isErrorReply(reply) || reply === "") throw new GdbMemoryFault(at, n, reply || "an empty reply");
      const bytes = hexBytes(reply, `memory reply at 0x${at.toString(16)}`);
      if (bytes.length !== n) throw new GdbMemoryFault(at, n, `${bytes.length} of ${n} bytes`);
      out.set(bytes, off);
    }
    return out;
  }

  writeMemory(addr: bigint, bytes: Uint8Array): void {
    for (let off = 0; off < bytes.length; off += MEMORY_CHUNK) {
      const part = bytes.subarray(off, off + MEMORY_CHUNK), at = addr + BigInt(off);
      const reply = this.request(`M${at.toString(16)},${part.length.toString(16)}:${toHex(part)}`);
      if (reply !== "OK") throw new GdbMemoryFault(at, part.length, reply || "an empty reply");
    }
  }

  setBreakpoint(addr: bigint, len: number, on: boolean): void {
    this.expectOk(`${on ? "Z" : "z"}0,${addr.toString(16)},${len}`, "the target does not support software breakpoints");
  }

  close(): void { this.link.close(); }
}

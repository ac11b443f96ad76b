// A gdbstub connection that can be read synchronously. Handlers read and write guest memory through
// the synchronous GuestMemory interface while the dispatcher runs, so the socket cannot live on this
// thread (its event loop is not running then): a small worker owns it and copies every received
// byte into a shared ring buffer; this thread waits on the ring with Atomics.wait (synchronous, with
// a deadline) or Atomics.waitAsync (while the guest runs, so the event loop stays free). Writes go to
// the worker as messages, which it handles even while this thread is blocked.
import { Worker } from "node:worker_threads";
import { RspError } from "../observe/rsp-packet.js";

const RING = 1 << 20;                    // bytes buffered between the worker and this thread
const W = 0, R = 1, STATE = 2, SEQ = 3;  // ctl slots: write count, read count, 0 open / 1 closed, wake-up counter

// Plain CommonJS, run with { eval: true } so it needs no separate file next to the compiled code.
const WORKER = String.raw`
const { workerData, parentPort } = require("node:worker_threads");
const net = require("node:net");
const { ctl, ring, host, port, timeoutMs } = workerData;
const N = ring.length, MAX_PENDING = 4 << 20;
let sock = null, attempt = null, pending = [], pendingBytes = 0, flushing = false;
const wake = () => { Atomics.add(ctl, ${SEQ}, 1); Atomics.notify(ctl, ${SEQ}); };
function flush() {
  flushing = false;
  while (pending.length > 0) {
    const w = Atomics.load(ctl, ${W}), r = Atomics.load(ctl, ${R});
    const free = N - ((w - r) | 0);
    if (free <= 0) { if (!flushing) { flushing = true; setTimeout(flush, 1); } break; }
    const b = pending[0], n = Math.min(free, b.length);
    for (let i = 0; i < n; i++) ring[(w + i) & (N - 1)] = b[i];
    Atomics.store(ctl, ${W}, (w + n) | 0);
    pendingBytes -= n;
    if (n === b.length) pending.shift(); else pending[0] = b.subarray(n);
  }
  wake();
}
function closed() { Atomics.store(ctl, ${STATE}, 1); wake(); }
function connect(deadline) {
  const s = attempt = net.connect({ host, port });
  s.once("error", (e) => {
    if (e.code === "ECONNREFUSED" && Date.now() + 100 < deadline) { setTimeout(() => connect(deadline), 100); return; }
    parentPort.postMessage({ error: "cannot connect to " + host + ":" + port + ": " + e.message });
    closed();
  });
  s.once("connect", () => {
    sock = s;
    s.removeAllListeners("error");
    s.setNoDelay(true);
    s.on("data", (b) => {
      pending.push(b); pendingBytes += b.length;
      if (pendingBytes > MAX_PENDING) { s.destroy(); closed(); return; } // the reader stopped reading a flood
      flush();
    });
    s.on("error", () => {});
    s.on("close", () => { flush(); closed(); });
    parentPort.postMessage({ connected: true });
  });
}
parentPort.on("message", (m) => {
  if (m.write !== undefined) { if (sock !== null && !sock.destroyed) sock.write(Buffer.from(m.write, "latin1")); }
  else if (m.close) { if (sock !== null) sock.destroy(); closed(); parentPort.close(); }
});
connect(Date.now() + timeoutMs);
const t = setTimeout(() => { if (sock === null) { if (attempt !== null) attempt.destroy(); parentPort.postMessage({ error: "cannot connect to " + host + ":" + port + ": timed out after " + timeoutMs + " ms" }); closed(); } }, timeoutMs);
t.unref();
`;

/** Atomics.waitAsync (Node >= 16; typed in lib es2024, newer than this project's ES2022 lib). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

export class SyncLink {
  private constructor(private readonly worker: Worker, private readonly ctl: Int32Array, private readonly ring: Uint8Array) {}

  /** Connects to exactly host:port; a refused connection is retried until the deadline (QEMU may still be starting). */
  static open(host: string, port: number, timeoutMs: number): Promise<SyncLink> {
    const ctl = new Int32Array(new SharedArrayBuffer(16));
    const ring = new Uint8Array(new SharedArrayBuffer(RING));
    const worker = new Worker(WORKER, { eval: true, workerData: { ctl, ring, host, port, timeoutMs } });
    worker.unref();
    return new Promise((resolve, reject) => {
      const fail = (message: string) => { void worker.terminate(); reject(new RspError(message)); };
      worker.once("message", (m: { connected?: boolean; error?: string }) => (m.connected ? resolve(new SyncLink(worker, ctl, ring)) : fail(m.error ?? "cannot connect")));
      worker.once("error", (e) => fail(`gdb link worker failed: ${e.message}`));
    });
  }

  get closed(): boolean { return Atomics.load(this.ctl, STATE) === 1 && this.available() === 0; }

  write(s: string): void { this.worker.postMessage({ write: s }); }

  /** Bytes received so far (latin1), or "" after waiting up to timeoutMs with nothing new. */
  readSync(timeoutMs: number): string {
    const seq = Atomics.load(this.ctl, SEQ);
    const got = this.take();
    if (got !== "" || Atomics.load(this.ctl, STATE) === 1) return got;
    Atomics.wait(this.ctl, SEQ, seq, Math.max(0, timeoutMs));
    return this.take();
  }

  /** As readSync, but waits without blocking the event loop. */
  async readAsync(timeoutMs: number): Promise<string> {
    const seq = Atomics.load(this.ctl, SEQ);
    const got = this.take();
    if (got !== "" || Atomics.load(this.ctl, STATE) === 1) return got;
    const w = waitAsync(this.ctl, SEQ, seq, Math.max(0, timeoutMs));
    if (w.async) await w.value;
    return this.take();
  }

  close(): void {
    this.worker.postMessage({ close: true });
    setTimeout(() => void this.worker.terminate(), 50).unref();
  }

  private available(): number { return (Atomics.load(this.ctl, W) - Atomics.load(this.ctl, R)) | 0; }

  private take(): string {
    const n = this.available();
    if (n === 0) return "";
    const r = Atomics.load(this.ctl, R);
    let s = "";
    for (let i = 0; i < n; i += 8192) {
      const part: number[] = [];
      for (let k = i; k < Math.min(n, i + 8192); k++) part.push(this.ring[(r + k) & (RING - 1)]!);
      s += String.fromCharCode(...part);
    }
    Atomics.store(this.ctl, R, (r + n) | 0);
    return s;
  }
}

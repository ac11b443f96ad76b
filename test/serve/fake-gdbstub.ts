// Starts test/serve/fake-gdbstub.mjs in a worker thread and reads its state back (see there).
import { Worker } from "node:worker_threads";

export type Step = { readonly pc: bigint; readonly regs?: Readonly<Record<number, bigint>> } | "exit" | "close";
export interface FakeOptions {
  readonly program: readonly Step[];
  readonly mapped: readonly { start: number; bytes: Uint8Array }[];
  /** Packets starting with `prefix` get `reply` (raw wire text; "" = no answer) instead of the normal one. */
  readonly hostile?: readonly { prefix: string; reply: string }[];
}
export interface FakeState {
  readonly log: string[];
  readonly atContinue: bigint[][];
  readonly breakpoints: bigint[];
  readonly mapped: { start: number; bytes: Uint8Array }[];
}

export class FakeGdbstub {
  private constructor(private readonly worker: Worker, readonly port: number) {}

  static start(o: FakeOptions): Promise<FakeGdbstub> {
    const worker = new Worker(new URL("./fake-gdbstub.mjs", import.meta.url), { workerData: o });
    return new Promise((resolve, reject) => {
      worker.once("message", (m: { port: number }) => resolve(new FakeGdbstub(worker, m.port)));
      worker.once("error", reject);
    });
  }

  state(): Promise<FakeState & { byte(addr: number): number | null }> {
    return new Promise((resolve) => {
      this.worker.once("message", (s: FakeState) => resolve({
        ...s,
        byte: (a) => { const r = s.mapped.find((x) => a >= x.start && a < x.start + x.bytes.length); return r ? r.bytes[a - r.start]! : null; },
      }));
      this.worker.postMessage("state");
    });
  }

  close(): void { this.worker.postMessage("close"); void this.worker.terminate(); }
}

export const ECALL = [0x73, 0, 0, 0];
export const A = (n: number) => 10 + n; // a0..a7 are x10..x17

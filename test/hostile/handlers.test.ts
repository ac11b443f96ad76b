// Issue 19 item 5: handlers are synchronous. A handler that returns a Promise (or any thenable) is
// answered with the ABI's failed status and a logged error, never reported as success, and its later
// rejection does not kill the process as an unhandled rejection.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Machine, type AbiTable, type Vcpu } from "../../runtime/index.js";
import { AsyncHandlerError, syncResult } from "../../runtime/handler-result.js";
import { demoModel } from "../emit-ts/emit-helpers.js";
import { generate, type GeneratedAbi } from "../runtime/generated.js";

let demo: GeneratedAbi;
beforeAll(async () => { demo = (await generate("hostile-handlers", demoModel())).get("demo")!; });
const EIO = BigInt.asUintN(64, -5n);
const T = (): AbiTable<any, any> => demo.table;

function riscv(log: (m: string, e: unknown) => void, traced = false): { m: Machine; v: Vcpu } {
  const m = new Machine({ abis: [T()], log });
  if (traced) m.tracer = () => {};
  return { m, v: m.createVcpu("riscv64") };
}

describe("async handlers", () => {
  for (const traced of [false, true]) {
    it(`a handler returning a resolved Promise gets the failed status, logged (${traced ? "traced" : "untraced"})`, () => {
      const log = vi.fn();
      const { m, v } = riscv(log, traced);
      m.registerHypercall(T(), "demo_version", async () => ({ version: 7 }));
      const out = demo.stubs.riscv64!.demo_version!(v);
      expect(out.outcome).toMatchObject({ kind: "returned", by: "runtime", reason: "failed", error: "DEMO_EIO" });
      expect(out.raw).toBe(EIO);
      expect(log).toHaveBeenCalledOnce();
      expect(log.mock.calls[0]![1]).toBeInstanceOf(AsyncHandlerError);
      expect(String(log.mock.calls[0]![1])).toMatch(/demo\.demo_version returned a Promise: handlers are synchronous/);
    });
    it(`a rejecting Promise does not become an unhandled rejection (${traced ? "traced" : "untraced"})`, async () => {
      const unhandled = vi.fn();
      process.on("unhandledRejection", unhandled);
      try {
        const { m, v } = riscv(() => {}, traced);
        m.registerHypercall(T(), "demo_version", async () => { throw new Error("later"); });
        expect(demo.stubs.riscv64!.demo_version!(v).outcome).toMatchObject({ reason: "failed" });
        await new Promise((r) => setTimeout(r, 20));
        expect(unhandled).not.toHaveBeenCalled();
      } finally {
        process.off("unhandledRejection", unhandled);
      }
    });
  }
  it("a plain thenable object counts too; ordinary results (with a 'then' value that is not a function) do not", () => {
    expect(() => syncResult({ then: (_ok: unknown, _no: unknown) => {} }, "x.y")).toThrow(AsyncHandlerError);
    const r = { then: 1, value: 2n };
    expect(syncResult(r, "x.y")).toBe(r);
    expect(syncResult(undefined, "x.y")).toBe(undefined);
  });
  it("a synchronous handler still succeeds", () => {
    const { m, v } = riscv(() => {});
    m.registerHypercall(T(), "demo_version", () => ({ version: 3 }));
    const out = demo.stubs.riscv64!.demo_version!(v);
    expect(out.outcome).toMatchObject({ kind: "returned", by: "handler" });
  });
});

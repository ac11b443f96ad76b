// A hostile gdbstub against the RSP client and `hcgen trace` (issue 19 item 3, issue 13 item 5): every
// packet is bounded in size and time, and every malformed reply is a clear RspError (exit 1 for the
// command), never an uncaught exception, a multi-second stall or an endless loop.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { framePacket, RspClient, RspError, unpack } from "../../generator/observe/rsp.js";
import { ROOT } from "../helpers/catalog.js";

const servers: Server[] = [];
afterEach(() => { for (const s of servers.splice(0)) s.close(); });

/** Raw packet text with a correct checksum but no escaping (so hostile bodies reach the client as-is). */
const raw = (body: string) => `$${body}#${([...body].reduce((s, c) => s + c.charCodeAt(0), 0) & 0xff).toString(16).padStart(2, "0")}`;

/** A fake gdbstub that acks every packet and answers with raw wire text from `script`. */
function fake(script: (packet: string, sock: Socket) => string | null): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((sock) => {
      sock.setEncoding("latin1");
      sock.setNoDelay(true);
      let buf = "";
      sock.on("data", (d: string) => {
        buf += d;
        for (let m; (m = /\$([^#]*)#[0-9a-f]{2}/.exec(buf));) {
          buf = buf.slice(m.index + m[0].length);
          sock.write("+");
          const out = script(m[1]!, sock);
          if (out !== null) sock.write(out);
        }
      });
      sock.on("error", () => {});
    });
    servers.push(server);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

async function requestAgainst(reply: string, timeoutMs = 1000): Promise<{ error: unknown; ms: number }> {
  const port = await fake(() => reply);
  const c = await RspClient.connect("127.0.0.1", port, timeoutMs);
  const t0 = Date.now();
  try { await c.request("g"); return { error: null, ms: Date.now() - t0 }; } catch (e) { return { error: e, ms: Date.now() - t0 }; } finally { c.close(); }
}

describe("RSP packet decoding", () => {
  it("rejects a run-length count byte that decodes negative or is not printable", () => {
    expect(() => unpack("0*\x10")).toThrow(RspError);
    expect(() => unpack("0*\x10")).toThrow(/run-length count byte 0x10/);
    expect(() => unpack("*!")).toThrow(/nothing to repeat/);
    expect(() => unpack("0*")).toThrow(/truncated/);
    expect(() => unpack("ab}")).toThrow(/truncated/);
    expect(unpack("0*\"")).toBe("000000"); // '"' = 34: five more copies
  });

  it("bounds what a packet may expand to", () => {
    expect(() => unpack("0*~".repeat(8192), 4096)).toThrow(/longer than 4096/);
  });
});

describe("hostile gdbstub vs the RSP client", () => {
  it("a malformed run-length reply is an RspError, not an uncaught exception", async () => {
    const { error } = await requestAgainst(raw("00*\x10"));
    expect(error).toBeInstanceOf(RspError);
    expect(String(error)).toMatch(/run-length/);
  });

  it("a 24 KB run-length packet is refused at once instead of blocking the process", async () => {
    const { error, ms } = await requestAgainst(raw("0*~".repeat(8192)));
    expect(error).toBeInstanceOf(RspError);
    expect(String(error)).toMatch(/longer than/);
    expect(ms).toBeLessThan(1000);
  });

  it("a packet that never ends is cut off at the size limit", async () => {
    const port = await fake((_p, sock) => { sock.write("$"); for (let i = 0; i < 40; i++) sock.write("a".repeat(16 * 1024)); return null; });
    const c = await RspClient.connect("127.0.0.1", port, 3000);
    await expect(c.request("g")).rejects.toThrow(/packet longer than/);
    c.close();
  });

  it("endless bad checksums end in an error, not an endless resend loop", async () => {
    const { error } = await requestAgainst("$S05#00".repeat(50));
    expect(error).toBeInstanceOf(RspError);
    expect(String(error)).toMatch(/checksum/);
  });

  it("a truncated packet followed by a close is a clear error", async () => {
    const port = await fake((_p, sock) => { sock.end("$S0"); return null; });
    const c = await RspClient.connect("127.0.0.1", port, 1000);
    await expect(c.request("?")).rejects.toThrow(/connection closed/);
  });

  it("a reply of the right shape still decodes (framePacket round trip)", async () => {
    const { error } = await requestAgainst(framePacket("0011"));
    expect(error).toBeNull();
  });
});

describe("hostile gdbstub vs hcgen trace", () => {
  /** A stub with one ecall at 0x1000 that stops on it and then answers `g` with `regs`. */
  async function traceWith(regs: string): Promise<{ code: number; stderr: string; ms: number }> {
    const port = await fake((p) => {
      if (p === "?") return framePacket("S05");
      if (p.startsWith("m")) return framePacket("73000000");
      if (p.startsWith("Z0") || p.startsWith("z0")) return framePacket("OK");
      if (p === "c" || p === "s") return framePacket("S05");
      if (p === "g") return regs;
      return framePacket("");
    });
    const io = captureIo(ROOT);
    const t0 = Date.now();
    const code = await main(["trace", "--gdb", `127.0.0.1:${port}`, "--abi", "riscv-sbi", "--arch", "riscv64", "--scan", "0x1000:4", "--timeout", "2"], io);
    return { code, stderr: io.stderr, ms: Date.now() - t0 };
  }

  it("a garbage register reply is an error with exit 1, not an endless loop", async () => {
    const r = await traceWith(framePacket("zz".repeat(300)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hcgen trace: .*register/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 10_000);

  it("a register reply too short to hold pc is an error with exit 1", async () => {
    const r = await traceWith(framePacket("00".repeat(16)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/register reply/);
  }, 10_000);

  it("a malformed run-length register reply is an error with exit 1", async () => {
    const r = await traceWith(raw("0*\x05"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run-length/);
  }, 10_000);
});

describe("hostile gdbstub vs hcgen trace: stops", () => {
  it("a target that keeps stopping away from every trap site ends in an error, not a loop", async () => {
    const le = (v: bigint) => Array.from({ length: 8 }, (_, i) => ((v >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, "0")).join("");
    const regs = framePacket(Array.from({ length: 33 }, (_, i) => le(i === 32 ? 0x2000n : 0n)).join(""));
    const port = await fake((p) => p === "?" || p === "c" || p === "s" ? framePacket("S05") : p.startsWith("m") ? framePacket("73000000")
      : p === "g" ? regs : framePacket("OK"));
    const io = captureIo(ROOT);
    const code = await main(["trace", "--gdb", `127.0.0.1:${port}`, "--abi", "riscv-sbi", "--arch", "riscv64", "--scan", "0x1000:4", "--timeout", "2"], io);
    expect(code).toBe(1);
    expect(io.stderr).toMatch(/away from every trap site/);
  }, 20_000);
});

// The GDB RSP client against a scripted fake gdbstub: framing, acks, run-length decoding, exit
// packets, a closed connection and a silent target (every wait is bounded).
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { framePacket, parseStopReply, RspClient, RspError, unpack } from "../../generator/observe/rsp.js";
import { findPattern, parseRegisters } from "../../generator/observe/target.js";

type Script = (packet: string, reply: (data: string) => void, sock: Socket) => void;

const servers: Server[] = [];
afterEach(() => { for (const s of servers.splice(0)) s.close(); });

/** A fake gdbstub: acks every packet and answers through `script`. */
function fake(script: Script): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((sock) => {
      sock.setEncoding("latin1");
      let buf = "";
      sock.on("data", (d: string) => {
        buf += d;
        for (let m; (m = /\$([^#]*)#[0-9a-f]{2}/.exec(buf));) {
          buf = buf.slice(m.index + m[0].length);
          sock.write("+");
          script(m[1]!, (data) => sock.write(framePacket(data)), sock);
        }
      });
      sock.on("error", () => {});
    });
    servers.push(server);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

describe("RSP framing", () => {
  it("frames with a mod-256 checksum and escapes", () => {
    expect(framePacket("g")).toBe("$g#67");
    expect(framePacket("?")).toBe("$?#3f");
    expect(framePacket("a#b")).toBe("$a}\u0003b#" + (("a".charCodeAt(0) + 0x7d + 3 + "b".charCodeAt(0)) & 0xff).toString(16));
  });

  it("decodes run-length encoding and stop replies", () => {
    expect(unpack("0* ")).toBe("0000"); // ' ' = 32: three more copies
    expect(parseStopReply("T05thread:01;")).toEqual({ kind: "stopped", signal: 5, raw: "T05thread:01;" });
    expect(parseStopReply("W00")).toEqual({ kind: "exited", code: 0 });
    expect(parseStopReply("X09")).toEqual({ kind: "killed", signal: 9 });
  });

  it("parses a riscv64 `g` reply into canonical register names", () => {
    const le = (v: bigint) => Array.from({ length: 8 }, (_, i) => ((v >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, "0")).join("");
    const regs = Array.from({ length: 33 }, (_, i) => le(i === 17 ? 0x10n : i === 32 ? 0x80200000n : BigInt(i)));
    const r = parseRegisters("riscv64", regs.join(""));
    expect(r.get("a7")).toBe(0x10n);
    expect(r.get("a0")).toBe(10n);
    expect(r.get("pc")).toBe(0x80200000n);
  });

  it("finds trap bytes at instruction alignment only", () => {
    const mem = new Uint8Array([0x73, 0, 0, 0, 0x13, 0x73, 0, 0, 0, 0x01, 0x73, 0, 0, 0]);
    expect(findPattern(mem, 0x1000n, new Uint8Array([0x73, 0, 0, 0]), 2)).toEqual([0x1000n, 0x100an]);
  });
});

describe("RSP client", () => {
  it("requests, reads memory and sees the guest exit", async () => {
    const port = await fake((p, reply) => {
      if (p === "?") reply("S05");
      else if (p.startsWith("m1000,4")) reply("73000000");
      else if (p === "c") reply("W00");
      else reply("");
    });
    const c = await RspClient.connect("127.0.0.1", port, 2000);
    expect(await c.request("?")).toBe("S05");
    expect([...(await c.readMemory(0x1000n, 4))]).toEqual([0x73, 0, 0, 0]);
    expect(await c.resume("c", 1000)).toEqual({ kind: "exited", code: 0 });
    c.close();
  });

  it("a closed connection while running counts as the guest exiting", async () => {
    const port = await fake((p, reply, sock) => { if (p === "c") sock.end(); else reply("OK"); });
    const c = await RspClient.connect("127.0.0.1", port, 2000);
    expect(await c.resume("c", 5000)).toEqual({ kind: "exited", code: -1 });
  });

  it("a silent target times out instead of hanging", async () => {
    const port = await fake(() => { /* never answers */ });
    const c = await RspClient.connect("127.0.0.1", port, 300);
    const t0 = Date.now();
    await expect(c.request("g")).rejects.toThrow(RspError);
    expect(Date.now() - t0).toBeLessThan(2000);
    c.close();
  });

  it("gives up connecting to a port nobody listens on", async () => {
    const port = await fake(() => {});
    servers.pop()!.close();
    await expect(RspClient.connect("127.0.0.1", port, 400)).rejects.toThrow(/cannot connect to 127\.0\.0\.1/);
  });
});

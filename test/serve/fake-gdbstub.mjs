// A scripted riscv64 gdbstub for serve tests, run in a worker thread: hcgen serve blocks its own
// thread while it waits for a reply (Atomics.wait), so the fake cannot share it. Registers, sparse
// memory with mapped regions, software breakpoints, and a "program": each `c` runs to the next
// scripted stop. On a "state" message it reports every packet seen and the registers at each `c`.
import { createServer } from "node:net";
import { parentPort, workerData } from "node:worker_threads";

const { program, mapped, hostile } = workerData; // hostile: [{ prefix, reply }] raw wire text instead of the normal reply
const regs = Array(33).fill(0n), log = [], atContinue = [], breakpoints = new Set();
let next = 0;
const sum = (s) => [...s].reduce((a, c) => a + c.charCodeAt(0), 0) & 0xff;
const frame = (s) => `$${s}#${sum(s).toString(16).padStart(2, "0")}`;
const le = (v) => Array.from({ length: 8 }, (_, i) => ((v >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, "0")).join("");
const fromLe = (h) => { let v = 0n; for (let i = h.length / 2 - 1; i >= 0; i--) v = (v << 8n) | BigInt(parseInt(h.slice(i * 2, i * 2 + 2), 16)); return v; };
const region = (a) => mapped.find((r) => a >= r.start && a < r.start + r.bytes.length);

function answer(p, sock) {
  if (p === "?") return "S05";
  if (p === "g") return regs.map(le).join("");
  if (p.startsWith("Qqemu.PhyMemMode") || p === "D") return "OK";
  let m;
  if ((m = /^P([0-9a-f]+)=([0-9a-f]+)$/.exec(p))) return ""; // as QEMU without an XML-aware client
  if ((m = /^G([0-9a-f]+)$/.exec(p))) { for (let i = 0; i < 33; i++) regs[i] = fromLe(m[1].slice(i * 16, i * 16 + 16)); return "OK"; }
  if ((m = /^([Zz])0,([0-9a-f]+),\d+$/.exec(p))) { const a = BigInt(`0x${m[2]}`); if (m[1] === "Z") breakpoints.add(a); else breakpoints.delete(a); return "OK"; }
  if ((m = /^m([0-9a-f]+),([0-9a-f]+)$/.exec(p))) {
    const a = parseInt(m[1], 16), n = parseInt(m[2], 16);
    let s = "";
    for (let i = 0; i < n; i++) { const r = region(a + i); if (!r) return "E14"; s += r.bytes[a + i - r.start].toString(16).padStart(2, "0"); }
    return s;
  }
  if ((m = /^M([0-9a-f]+),([0-9a-f]+):([0-9a-f]*)$/.exec(p))) {
    const a = parseInt(m[1], 16), n = parseInt(m[2], 16);
    for (let i = 0; i < n; i++) if (!region(a + i)) return "E14";
    for (let i = 0; i < n; i++) { const r = region(a + i); r.bytes[a + i - r.start] = parseInt(m[3].slice(i * 2, i * 2 + 2), 16); }
    return "OK";
  }
  if (p === "s") { regs[32] = 0x80000000n; return "T05"; } // into the firmware's trap vector
  if (p === "c") {
    atContinue.push([...regs]);
    const step = program[next++] ?? "exit";
    if (step === "exit") return "W00";
    if (step === "close") { sock.destroy(); return null; }
    regs[32] = step.pc;
    for (const [r, v] of Object.entries(step.regs ?? {})) regs[Number(r)] = v;
    return "T05";
  }
  return "";
}

const server = createServer((sock) => {
  sock.setEncoding("latin1");
  sock.setNoDelay(true);
  sock.on("error", () => {});
  let buf = "";
  sock.on("data", (d) => {
    buf += d;
    for (let m; (m = /\$([^#]*)#[0-9a-f]{2}/.exec(buf));) {
      buf = buf.slice(m.index + m[0].length);
      sock.write("+");
      const p = m[1];
      log.push(p);
      const h = (hostile ?? []).find((x) => p.startsWith(x.prefix));
      if (h) { if (h.reply !== "") sock.write(h.reply); continue; }
      const reply = answer(p, sock);
      if (reply !== null) sock.write(frame(reply));
    }
  });
});
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (m) => {
  if (m === "state") parentPort.postMessage({ log, atContinue, breakpoints: [...breakpoints], mapped });
  if (m === "close") { server.close(); parentPort.close(); }
});

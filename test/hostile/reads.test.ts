// Issue 19 item 2: every file hcgen reads is checked to be a regular file on the opened descriptor
// and bounded in size before it is read. A FIFO named x.yaml must not hang validate; /dev/zero (or a
// symlink to it) must not grow memory without end; `decode` and `trace --elf` refuse devices too.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../../generator/api.js";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";
import { ConfigError, readConfig } from "../../generator/config.js";
import { UsageError } from "../../generator/diagnostics.js";
import { readLock } from "../../generator/evolution/lock.js";
import { MAX_SPEC_BYTES } from "../../generator/load.js";
import { elfCodeRanges } from "../../generator/observe/target.js";
import { loadSpecs } from "../../generator/pipeline/run.js";
import { EMITTERS } from "../../generator/emit/index.js";
import { readBounded, ReadRefused } from "../../generator/read-bounded.js";
import { FIXTURES } from "../helpers/catalog.js";
import { which } from "../helpers/tools.js";

const hasMkfifo = which("mkfifo") !== null;
const hasDevZero = (() => { try { return readFileSync("/dev/null").length === 0; } catch { return false; } })();
const tmp = mkdtempSync(join(tmpdir(), "hcgen-reads-"));
const DEMO = readFileSync(join(FIXTURES, "valid", "demo.yaml"), "utf8");

/**
 * A FIFO, plus a guard: should the code under test block in open() waiting for a writer, a writer
 * appears after 4 s and closes at once (20 times), so the test fails (with an "empty file" result) instead of
 * hanging the run. Guards still waiting are killed after the tests.
 */
const guards: ChildProcess[] = [];
function fifo(name: string): string {
  const p = join(tmp, name);
  expect(spawnSync("mkfifo", [p]).status).toBe(0);
  const g = spawn("sh", ["-c", `sleep 4; for i in $(seq 20); do : > '${p}'; done`], { stdio: "ignore" });
  guards.push(g);
  return p;
}
afterAll(() => { for (const g of guards) g.kill("SIGKILL"); });

const codes = (inputs: string[]) => loadModel(inputs, { cwd: tmp }).diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`);
const run = async (...args: string[]) => { const io = captureIo(tmp); const code = await main(args, io); return { code, out: io.stdout, err: io.stderr }; };

describe.skipIf(!hasMkfifo || !hasDevZero)("specs: regular files only, bounded", () => {
  it("a FIFO named x.yaml is refused at once (validate does not hang)", () => {
    const t0 = Date.now();
    const f = fifo("pipe.yaml");
    expect(codes([f])).toEqual(["HC001 1:1 cannot read file: is a FIFO (named pipe), not a regular file"]);
    expect(Date.now() - t0).toBeLessThan(3500); // well before the guard's writer would have unblocked it
  });
  it("a FIFO among the specs of a directory: the others still load, generate's reader does not hang", () => {
    const dir = join(tmp, "specdir");
    mkdirSync(dir);
    writeFileSync(join(dir, "demo.yaml"), DEMO);
    fifo("specdir/zz.yaml");
    expect(codes([dir])).toEqual(["HC001 1:1 cannot read file: is a FIFO (named pipe), not a regular file"]);
    const l = loadSpecs({ inputs: [dir], cwd: tmp, emitters: EMITTERS });
    expect(l.ok).toBe(false);
    expect([...l.specBytes.keys()]).toEqual(["specdir/demo.yaml"]);
  });
  it("a spec symlinked to /dev/zero, or /dev/zero itself, is refused without reading", () => {
    const link = join(tmp, "zero.yaml");
    symlinkSync("/dev/zero", link);
    expect(codes([link])).toEqual(["HC001 1:1 cannot read file: is a character device, not a regular file"]);
    expect(codes(["/dev/zero"])).toEqual(["HC001 1:1 cannot read file: is a character device, not a regular file"]);
  });
  it("a file over the limit is refused by its size (a sparse 1 GiB file is not read)", () => {
    const big = join(tmp, "sparse.yaml");
    writeFileSync(big, "");
    truncateSync(big, 1024 * 1024 * 1024);
    expect(codes([big])).toEqual([`HC003 1:1 file is 1073741824 bytes; specs are limited to ${MAX_SPEC_BYTES} bytes`]);
  });
  it("readBounded: a cap, regular files only, and a clear reason", () => {
    const p = join(tmp, "ten.txt");
    writeFileSync(p, "0123456789");
    expect(readBounded(p, 10).toString()).toBe("0123456789");
    expect(() => readBounded(p, 9)).toThrow(/is 10 bytes; the limit is 9 bytes/);
    expect(() => readBounded(join(tmp, "missing"), 9)).toThrow(ReadRefused);
    expect(() => readBounded(tmp, 9)).toThrow(/is a directory, not a regular file/);
    // /proc files report size 0 and have content: read up to the cap, refused past it.
    if (readFileSync("/proc/self/status").length > 100) {
      expect(readBounded("/proc/self/status", 1 << 20).length).toBeGreaterThan(100);
      expect(() => readBounded("/proc/self/status", 100)).toThrow(/grew past the limit of 100 bytes/);
    }
  });
});

describe.skipIf(!hasMkfifo || !hasDevZero)("config and lockfile", () => {
  it("a config that is a FIFO or /dev/zero is a usage error naming the file", () => {
    // In its own directory: the CLI tests below run in tmp and would pick up a FIFO hcgen.config.yaml there.
    mkdirSync(join(tmp, "cfg"));
    const f = fifo("cfg/hcgen.config.yaml");
    expect(() => readConfig(f, "hcgen.config.yaml")).toThrow(new UsageError("cannot read config hcgen.config.yaml: is a FIFO (named pipe), not a regular file"));
    expect(() => readConfig("/dev/zero", "z.yaml")).toThrow(/cannot read config z.yaml: is a character device, not a regular file/);
  });
  it("a config over 1 MiB is refused by size", () => {
    const p = join(tmp, "big.config.yaml");
    writeFileSync(p, "");
    truncateSync(p, 2 * 1024 * 1024);
    expect(() => readConfig(p, "big.config.yaml")).toThrow(/cannot read config big.config.yaml: is 2097152 bytes; the limit is 1048576 bytes/);
    expect(ConfigError).toBeDefined();
  });
  it("a lockfile symlinked to /dev/zero is HC302, not a hang or an out-of-memory", () => {
    const dir = join(tmp, "locked");
    mkdirSync(dir);
    writeFileSync(join(dir, "demo.yaml"), DEMO);
    symlinkSync("/dev/zero", join(dir, "hcgen.lock"));
    expect(codes([dir])).toEqual(["HC302 1:1 cannot read the lockfile: is a character device, not a regular file"]);
    expect(() => readLock(join(dir, "hcgen.lock"))).toThrow(/character device/);
  });
  it("a lockfile that is a FIFO is HC302 at once", () => {
    const dir = join(tmp, "locked-fifo");
    mkdirSync(dir);
    writeFileSync(join(dir, "demo.yaml"), DEMO);
    fifo("locked-fifo/hcgen.lock");
    expect(codes([dir])).toEqual(["HC302 1:1 cannot read the lockfile: is a FIFO (named pipe), not a regular file"]);
  });
});

describe.skipIf(!hasDevZero)("decode inputs and trace --elf", () => {
  it("hcgen decode /dev/zero (directly or through a symlink) is refused with exit 2", async () => {
    symlinkSync("/dev/zero", join(tmp, "zero.log"));
    for (const f of ["/dev/zero", "zero.log"]) {
      const r = await run("decode", "--spec", join(FIXTURES, "valid"), f);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`cannot read ${f}: is a character device; pass a log file, a pipe or - for standard input`));
    }
  });
  it("trace --elf /dev/zero is a usage error before any connection", async () => {
    const r = await run("trace", "--gdb", "127.0.0.1:9", "--abi", "riscv-sbi", "--arch", "riscv64", "--elf", "/dev/zero");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--elf \/dev\/zero: is a character device, not a regular file/);
  });
  it("an ELF image is read by its headers, not whole: a sparse 3 GiB image with no sections", () => {
    const p = join(tmp, "big.elf");
    const h = Buffer.alloc(64);
    h.writeUInt32BE(0x7f454c46, 0); h[4] = 2; h[5] = 1; h[6] = 1;
    h.writeUInt16LE(64, 0x3a); // shentsize; shnum = 0
    writeFileSync(p, h);
    truncateSync(p, 3 * 1024 * 1024 * 1024);
    expect(elfCodeRanges(p)).toEqual([]);
  });
  it("an ELF whose section table lies outside the file is a clear error", () => {
    const p = join(tmp, "bad.elf");
    const h = Buffer.alloc(64);
    h.writeUInt32BE(0x7f454c46, 0); h[4] = 2; h[5] = 1; h[6] = 1;
    h.writeBigUInt64LE(0x100000n, 0x28); h.writeUInt16LE(64, 0x3a); h.writeUInt16LE(3, 0x3c);
    writeFileSync(p, h);
    expect(() => elfCodeRanges(p)).toThrow(/section headers .* lie outside the 64-byte file/);
  });
});

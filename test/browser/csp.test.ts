// The runtime in a browser under a strict Content-Security-Policy (`script-src 'self'`: no eval, no
// new Function): test/browser/page.ts is bundled with esbuild, served by a local http server with that
// header, and loaded in headless Chromium (Debian's `chromium`, installed by .ci/install-browser-deps),
// whose --dump-dom shows what the page wrote. Skipped with the reason when chromium is missing, unless
// HCGEN_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTools, firstOnPath } from "../helpers/tools.js";

const PAGE = fileURLToPath(new URL("./page.ts", import.meta.url));
const chromium = firstOnPath(["chromium", "chromium-browser"]);
const tools = checkTools("browser", "the strict-CSP browser test", [chromium ?? "chromium"]);
const skip = tools.skip;
const CSP = "script-src 'self'";

const HTML = `<!doctype html><html><head><meta charset="utf-8"><title>hcgen runtime under CSP</title></head>
<body><pre id="out">not run</pre><script src="/bundle.js"></script></body></html>`;

let server: Server | null = null;
let url = "";

beforeAll(async () => {
  if (skip) return;
  const bundle = await build({ entryPoints: [PAGE], bundle: true, format: "iife", platform: "browser", target: "es2022", write: false, logLevel: "silent" });
  const js = bundle.outputFiles[0]!.text;
  server = createServer((req, res) => {
    const headers = { "Content-Security-Policy": CSP, "Cache-Control": "no-store" };
    if (req.url === "/") res.writeHead(200, { ...headers, "Content-Type": "text/html; charset=utf-8" }).end(HTML);
    else if (req.url === "/bundle.js") res.writeHead(200, { ...headers, "Content-Type": "text/javascript; charset=utf-8" }).end(js);
    else res.writeHead(404, headers).end();
  });
  await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => { server?.close(); });

/** Loads `url` in headless chromium (a fresh profile) and returns the DOM after the page ran. */
async function dumpDom(browser: string, page: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), "hcgen-chromium-"));
  const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--virtual-time-budget=5000", "--dump-dom", page];
  try {
    return await new Promise<string>((ok, fail) => {
      const p = spawn(browser, args, { stdio: ["ignore", "pipe", "pipe"] });
      let out = "", err = "";
      const timer = setTimeout(() => { p.kill("SIGKILL"); fail(new Error(`chromium did not finish in 60 s; stderr:\n${err}`)); }, 60_000);
      p.stdout.on("data", (d: Buffer) => { out += d.toString(); });
      p.stderr.on("data", (d: Buffer) => { err += d.toString(); });
      p.on("error", (e) => { clearTimeout(timer); fail(e); });
      p.on("close", (code) => { clearTimeout(timer); code === 0 ? ok(out) : fail(new Error(`chromium exited with ${code}; stderr:\n${err}`)); });
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const unescape = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

describe.skipIf(skip)("the runtime in headless Chromium under Content-Security-Policy: script-src 'self'", () => {
  it("runs catalog round trips through the generated dispatchers, with no CSP violation but the eval probe", async () => {
    expect(tools.missing, tools.failure).toEqual([]);
    const dom = await dumpDom(chromium!, url);
    const m = /<pre id="out" data-done="1">([\s\S]*?)<\/pre>/.exec(dom);
    expect(m, `the page did not report:\n${dom.slice(0, 2000)}`).not.toBeNull();
    const r = JSON.parse(unescape(m![1]!)) as { calls: Record<string, string>; error: string | null; evalBlocked: boolean; violations: { directive: string; blocked: string }[] };
    expect(r.error).toBeNull();
    expect(r.calls).toEqual({
      probe: "SBI_SUCCESS 1", mvendorid: "SBI_SUCCESS 0x489", marchid: "SBI_ERR_NOT_SUPPORTED returned/no-handler",
      ipiBitmap: "f0", ipi: "0", psci: "0x10001", dispatchers: "2,2,2",
      counters: JSON.stringify([["riscv-sbi.sbi_probe_extension", 1], ["riscv-sbi.sbi_get_mvendorid", 1], ["kvm-x86.KVM_HC_SEND_IPI", 1], ["arm-smccc.PSCI_0_2_FN_PSCI_VERSION", 1]]),
    });
    // The policy was in force (eval refused) and nothing else broke it: the runtime generated no code.
    expect(r.evalBlocked).toBe(true);
    expect(r.violations).toEqual([{ directive: "script-src", blocked: "eval" }]);
  });
});

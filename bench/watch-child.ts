// Watch latency, run in a fresh child process by bench/run.ts:
//   node build/bench/watch-child.js EDITS
// Copies the catalog's specs to a temp project, runs the watch loop in-process (as `hcgen watch`
// does, default debounce) and saves one spec EDITS times (a comment line appended, so the spec's
// bytes and every header of its files change). Per edit: the time from the save to the edited ABI's
// own files being on disk (the fast pass) and to the end of the full pass. Prints one JSON line.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMITTERS } from "../generator/emit/index.js";
import { watchLoop, type Cycle } from "../generator/pipeline/watch.js";

const ROOT = join(fileURLToPath(import.meta.url), "..", "..", "..");
const edits = Number(process.argv[2] ?? 10);
const dir = mkdtempSync(join(tmpdir(), "hcgen-bench-watch-"));
const spec = join(dir, "spec");
cpSync(join(ROOT, "spec"), spec, { recursive: true, filter: (p) => !p.endsWith(".md") });
const edited = join(spec, "xen.yaml");

// Cycles nobody waits for (a second file event of the same save) are dropped; each edit waits until
// the watcher has been quiet for QUIET_MS, so a cycle is always matched with its own save.
const QUIET_MS = 500;
let next: ((c: Cycle, end: number) => void) | null = null;
let lastCycle = performance.now();
const ac = new AbortController();
const loop = watchLoop({ inputs: [spec], cwd: dir, outDir: join(dir, "generated"), emitters: EMITTERS, signal: ac.signal,
  out: () => {}, err: (s) => process.stderr.write(s), onCycle: (c) => { const end = performance.now(); lastCycle = end; next?.(c, end); } });
const quiet = async () => { while (performance.now() - lastCycle < QUIET_MS) await new Promise((r) => setTimeout(r, 50)); };
const cycle = () => new Promise<{ c: Cycle; end: number }>((done) => { next = (c, end) => { next = null; done({ c, end }); }; });

const toFast: number[] = [], toFull: number[] = [], fastPass: number[] = [], fullPass: number[] = [];
let written = 0;
// The initial build already ran synchronously inside watchLoop; let the watchers settle.
await quiet();
for (let i = 0; i < edits; i++) {
  const wait = cycle();
  const saved = performance.now();
  appendFileSync(edited, `\n# bench edit ${i}\n`);
  const { c, end } = await wait;
  if (!c.ok || c.written.length === 0) throw new Error(`watch cycle ${i} failed or wrote nothing: ${JSON.stringify(c)}`);
  const start = end - c.ms;
  if (c.fastMs !== null) toFast.push(start + c.fastMs - saved);
  toFull.push(end - saved);
  fastPass.push(c.fastMs ?? NaN);
  fullPass.push(c.ms);
  written = c.written.length;
  await quiet();
}
ac.abort();
await loop;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ edits, written, toFast, toFull, fastPass, fullPass, maxRssKiB: process.resourceUsage().maxRSS }) + "\n");

// Runs once before any test file: brings dist/ up to date (`npm run build`) when a source it is built
// from is newer than the last build. Tests that run the built CLI (bin/hcgen.js) used to rebuild in
// their own beforeAll, which rewrote dist/ under the feet of test files running in parallel (a CLI
// started at that moment could load half a build, or a build id not yet stamped).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The last file `npm run build` writes (scripts/build-id.mjs stamps it at the very end). */
const STAMP = join(ROOT, "dist/generator/pipeline/build-id.js");
const INPUTS = ["generator", "runtime", "generated/ts", "scripts", "spec/hcgen.schema.json", "package.json", "tsconfig.json", "tsconfig.build.json"];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

export default function setup(): () => void {
  // The per-user spec store (generator/spec-store.ts) of this test run: every test and every CLI it
  // starts inherit it, so the user's own ~/.cache/hcgen is never read or written, and the CLI tests
  // run against a store that earlier tests filled (as a user's would be).
  const store = mkdtempSync(join(tmpdir(), "hcgen-test-store-"));
  process.env.HCGEN_CACHE_DIR = store;
  delete process.env.HCGEN_NO_CACHE;
  build();
  return () => rmSync(store, { recursive: true, force: true });
}

function build(): void {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const sources = Math.max(...INPUTS.map((p) => join(ROOT, p)).filter(existsSync).map(newest));
  if (sources <= built) return;
  process.stderr.write("test setup: dist/ is older than its sources; running npm run build\n");
  execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}

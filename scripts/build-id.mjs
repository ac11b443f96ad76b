// Build step (npm run build, last): stamps dist/generator/pipeline/build-id.js with a hash of every
// file of the built generator (its JavaScript, the precompiled templates and schema validator), so a
// changed generator invalidates what incremental `hcgen generate` would otherwise skip. Hashing the
// ~1 MB tree at every start would cost tens of milliseconds; reading one constant costs nothing.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tree = join(root, "dist", "generator");
const target = join(tree, "pipeline", "build-id.js");
const PLACEHOLDER = '"hcgen-build-id:unbuilt";';

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

// The bundle and its code cache (build-bundle.mjs and build-code-cache.mjs, built after this) are
// derived from this tree: stale ones from the previous build must not change the id.
const DERIVED = new Set([join(tree, "cli.bundle.cjs"), join(tree, "cli.bundle.cache")]);
const files = walk(tree).filter((f) => f !== target && !DERIVED.has(f) && !f.endsWith(".d.ts") && !f.endsWith(".map"))
  .map((f) => relative(tree, f).split(sep).join("/")).sort();
const h = createHash("sha256").update("hcgen-build/1\0");
for (const name of files) h.update(`${name}\0`).update(readFileSync(join(tree, name))).update("\0");
const id = `hcgen-build:${h.digest("hex").slice(0, 32)}`;

const text = readFileSync(target, "utf8");
// The last occurrence is BUILD_ID's value (UNBUILT, the constant compared against, comes first).
const at = text.lastIndexOf(PLACEHOLDER);
if (at < 0 || text.indexOf(PLACEHOLDER) === at) throw new Error(`${target}: the build-id placeholder is missing; was it built by tsc just now?`);
writeFileSync(target, `${text.slice(0, at)}${JSON.stringify(id)};${text.slice(at + PLACEHOLDER.length)}`);
process.stdout.write(`build id ${id} (${files.length} files)\n`);

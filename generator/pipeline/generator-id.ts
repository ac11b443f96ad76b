// What "the same generator" means for incremental generation: the build (build-id.ts), the
// templates as they are on disk now (templates.ts compiles them at run time when they differ from
// the precompiled ones), the versions of the libraries that shape the output (yaml builds the
// model, handlebars renders the docs) and hcgen's version. Any change re-emits everything.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_ID, UNBUILT } from "./build-id.js";
import { HCGEN_VERSION } from "./version.js";

/**
 * generator/templates/docs/, found from generator/pipeline/ (sources) or dist/generator/pipeline/ (the
 * built CLI): the directory emit/docs/templates.ts reads (a test holds the two equal). Located here,
 * not imported from there, so that knowing the generator does not load the docs emitter.
 */
export const TEMPLATE_DIR = [new URL("../templates/docs/", import.meta.url), new URL("../../../generator/templates/docs/", import.meta.url)]
  .map((u) => fileURLToPath(u)).find((p) => existsSync(p)) ?? fileURLToPath(new URL("../templates/docs/", import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])).sort();
}

function hashTree(h: ReturnType<typeof createHash>, dir: string, keep: (file: string) => boolean): void {
  for (const file of walk(dir).filter(keep)) h.update(`${relative(dir, file).split(sep).join("/")}\0`).update(readFileSync(file)).update("\0");
}

/** The build's own id; run from the TypeScript sources (vitest) the sources are hashed instead; null for an unstamped build. */
function codeId(): string | null {
  if (BUILD_ID !== UNBUILT) return BUILD_ID;
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith(".ts")) return null;
  const h = createHash("sha256").update("hcgen-sources/1\0");
  hashTree(h, join(here, "..", ".."), (f) => f.endsWith(".ts"));
  return `hcgen-sources:${h.digest("hex").slice(0, 32)}`;
}

/** An installed package's version ("?" when it cannot be read). */
export function libraryVersion(name: string): string {
  try { return (createRequire(import.meta.url)(`${name}/package.json`) as { version?: string }).version ?? "?"; } catch { return "?"; }
}

let memo: string | null | undefined;

/** The generator's identity, or null when it cannot be known (then nothing is skipped). Computed once per process. */
export function generatorId(): string | null {
  if (memo !== undefined) return memo;
  const code = codeId();
  if (code === null) return (memo = null);
  const h = createHash("sha256").update(`hcgen-generator/1\0${HCGEN_VERSION}\0${code}\0`);
  for (const lib of ["yaml", "handlebars"]) h.update(`${lib}@${libraryVersion(lib)}\0`);
  try { hashTree(h, TEMPLATE_DIR, () => true); } catch { return (memo = null); }
  return (memo = `sha256:${h.digest("hex").slice(0, 32)}`);
}

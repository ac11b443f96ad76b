// generated/.hcgen-manifest.json: the files hcgen owns in an output directory. Ownership is what
// lets generate remove outputs that are no longer produced while never touching a user's own
// files that live next to them. The spec hashes let `hcgen check` say which spec changed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OutputKind } from "../emit/types.js";
import { MANIFEST_NAME } from "./names.js";
import type { RenderedFile } from "./render.js";
import { sha256 } from "./header.js";

export const MANIFEST_FORMAT = "hcgen-manifest/1";

export interface ManifestEntry {
  readonly path: string;
  readonly kind: OutputKind;
  /** sha256 (hex) of the file's full content as written. */
  readonly sha256: string;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  /** Spec file -> "sha256:<16 hex>" of its bytes at the last generate. */
  readonly specs: Readonly<Record<string, string>>;
  readonly files: readonly ManifestEntry[];
}

export class ManifestError extends Error {
  override readonly name = "ManifestError";
}

/** The manifest in `outDir`, null when there is none. Throws ManifestError when it is not ours. */
export function readManifest(outDir: string): Manifest | null {
  const file = join(outDir, MANIFEST_NAME);
  let text: string;
  try { text = readFileSync(file, "utf8"); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  let json: Partial<Manifest>;
  try { json = JSON.parse(text) as Partial<Manifest>; } catch { json = {}; }
  if (json.format !== MANIFEST_FORMAT || !Array.isArray(json.files)) {
    throw new ManifestError(`${file} is not an hcgen manifest (format ${MANIFEST_FORMAT}); move it away or pass --force`);
  }
  return { format: MANIFEST_FORMAT, specs: json.specs ?? {}, files: json.files };
}

/**
 * The manifest after generating `files` for the selected `kinds`: entries of other kinds (not
 * regenerated this run, e.g. under --only) are carried over unchanged.
 */
export function nextManifest(old: Manifest | null, files: readonly RenderedFile[], kinds: readonly OutputKind[],
  specs: Readonly<Record<string, string>>): Manifest {
  const keep = (old?.files ?? []).filter((e) => !kinds.includes(e.kind) && !files.some((f) => f.path === e.path));
  const entries = [...keep, ...files.map((f) => ({ path: f.path, kind: f.kind, sha256: sha256(f.content) }))]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const sortedSpecs = Object.fromEntries(Object.entries(specs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { format: MANIFEST_FORMAT, specs: sortedSpecs, files: entries };
}

export function serializeManifest(m: Manifest): string {
  const body = {
    $comment: "Files hcgen owns in this directory: generate rewrites and removes only these. DO NOT EDIT.",
    format: m.format,
    specs: m.specs,
    files: m.files.map((e) => ({ path: e.path, kind: e.kind, sha256: e.sha256 })),
  };
  return JSON.stringify(body, null, 2) + "\n";
}

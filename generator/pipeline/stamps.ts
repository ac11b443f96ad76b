// The manifest's per-file input stamps (emission.ts explains what they record). Apart from
// emission.ts, which re-exports them, so that reading a manifest does not load the emitters.
import { sha256 } from "./header.js";

export const STAMP = /^sha256:[0-9a-f]{32}:[0-9a-f]{8}$/;

/** The digest of one part's paths that ends each of its files' stamps. */
export const pathsDigest = (paths: readonly string[]): string => sha256([...paths].sort().join("\n")).slice(0, 8);

/** Path -> manifest stamp ("<key>:<paths digest>") of every rendered file that has a key. */
export function stamps(files: readonly { readonly path: string; readonly input?: string }[]): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const f of files) {
    if (f.input === undefined) continue;
    const paths = byKey.get(f.input);
    if (paths) paths.push(f.path); else byKey.set(f.input, [f.path]);
  }
  const out = new Map<string, string>();
  for (const [key, paths] of byKey) { const d = pathsDigest(paths); for (const p of paths) out.set(p, `${key}:${d}`); }
  return out;
}

// The header test every reused output passes (emission.ts diskReuse, up-to-date.ts): the file's own
// header must carry the input hash of its specs as they are now, so content written after the
// manifest's record was made (watch's fast pass, a copy from elsewhere) is emitted again, not kept.
import { shownName } from "../spec-files.js";
import type { EmitOptions } from "../emit/types.js";
import { inputHash, parseHeader } from "./header.js";
import { HCGEN_VERSION } from "./version.js";

/** A header's source list back to the names it was encoded from (header.ts headerSafe), null when malformed. */
function decodeSources(sources: readonly string[]): string[] | null {
  try { return sources.map((s) => decodeURIComponent(s)); } catch { return null; }
}

export interface HeaderMatch { readonly sources: string[]; readonly inputHash: string }

/**
 * For the specs (bytes by the name the model uses) and options of this run: a test of a file's text
 * that returns its header's sources and hash when the hash is the one this run would write, else null.
 */
export function headerMatcher(specBytes: ReadonlyMap<string, Uint8Array>, options: EmitOptions, cwd: string): (kind: string, text: string) => HeaderMatch | null {
  // Shown name (as in headers) -> spec bytes, to recompute the header hash of a file found on disk.
  const byShown = new Map<string, Uint8Array>();
  for (const [name, bytes] of specBytes) byShown.set(shownName(name, cwd), bytes);
  const expected = new Map<string, string | null>();
  const headerHash = (kind: string, shown: readonly string[]) => {
    const k = JSON.stringify([kind, shown]);
    if (!expected.has(k)) {
      const sources = shown.map((name) => ({ name, bytes: byShown.get(name) }));
      expected.set(k, sources.every((s) => s.bytes !== undefined)
        ? inputHash(sources as { name: string; bytes: Uint8Array }[], HCGEN_VERSION, kind, options) : null);
    }
    return expected.get(k)!;
  };
  return (kind, text) => {
    const header = parseHeader(text);
    const sources = header && decodeSources(header.sources);
    if (!header || !sources || header.inputHash !== headerHash(kind, sources)) return null;
    return { sources, inputHash: header.inputHash };
  };
}

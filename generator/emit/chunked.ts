// A generated file made piece by piece: at 10k calls one file is 40-80 MB, and holding it whole
// (plus the intermediate strings it is built from, plus its UTF-8 bytes) is what drove a run past
// 1 GB. The pipeline (pipeline/chunks.ts) streams `chunks` to disk; anything else that reads
// `content` (tests, the library's generate(), watch) gets the joined text, byte for byte the same.
import type { GeneratedFile } from "./types.js";

export function chunkedFile(path: string, sources: readonly string[], chunks: () => Iterable<string>): GeneratedFile {
  const file = { path, sources, get content() { return joinChunks(chunks()); } };
  // Not enumerable: a copy ({ ...file }) or a deep comparison sees path, sources and content only,
  // the same as for a file made whole.
  return Object.defineProperty(file, "chunks", { value: chunks, enumerable: false });
}

export function joinChunks(chunks: Iterable<string>): string {
  const parts: string[] = [];
  for (const c of chunks) parts.push(c);
  return parts.join("");
}

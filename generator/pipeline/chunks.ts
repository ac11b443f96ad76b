// Files the emitters hand over as pieces (emit/chunked.ts), turned into exactly the bytes the
// whole-string path writes: LF line ends, the header in front of the first piece, UTF-8. Each piece
// is encoded, hashed and written (or compared) and then let go, so a run never holds a whole large
// file, its intermediate strings or its encoded bytes at once.
import { createHash } from "node:crypto";
import { addHeader, type HeaderInfo } from "./header.js";

/**
 * The file's pieces with CR/CRLF turned into LF and the header added: joined, byte for byte
 * addHeader(path, lf(content), info). The header goes into the first pieces, gathered until they
 * hold what addHeader looks at: the first line and then some (a shebang or doctype stays first;
 * for JSON the first key after "{"), so adding it to that prefix equals adding it to the whole.
 */
export function* withHeader(path: string, pieces: Iterable<string>, info: HeaderInfo): Generator<string, void, void> {
  let prefix: string | null = "";
  for (const piece of lfOnly(pieces)) {
    if (prefix === null) { yield piece; continue; }
    prefix += piece;
    if (headerReady(prefix)) { yield addHeader(path, prefix, info); prefix = null; }
  }
  if (prefix !== null) yield addHeader(path, prefix, info);
}

function headerReady(prefix: string): boolean {
  const nl = prefix.indexOf("\n");
  return nl >= 0 && nl < prefix.length - 1 && /\S/.test(prefix.slice(1));
}

/** CR and CRLF as LF, a CRLF split between two pieces included. */
function* lfOnly(pieces: Iterable<string>): Generator<string, void, void> {
  let carry = "";
  for (let p of pieces) {
    if (carry !== "") { p = carry + p; carry = ""; }
    if (!p.includes("\r")) { if (p !== "") yield p; continue; }
    if (p.endsWith("\r")) { carry = "\r"; p = p.slice(0, -1); }
    p = p.replace(/\r\n?/g, "\n");
    if (p !== "") yield p;
  }
  if (carry !== "") yield "\n";
}

/** About this many UTF-16 units are encoded at once: large enough for few write calls, small next to a file. */
const BLOCK_CHARS = 1 << 20;

// One buffer the blocks are encoded into, reused from file to file: a fresh multi-megabyte Buffer per
// block cost ~4-5 ms per MB on a VM (new pages), more than the encoding itself. UTF-8 needs at most
// 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
let spare: Buffer | null = null;

/**
 * The pieces as UTF-8 blocks of up to about 3 * BLOCK_CHARS bytes, encoded straight into one reused
 * buffer: each block is valid only until the next one is asked for (the writer and the hasher use
 * it at once; copy it to keep it). Large pieces are cut, never inside a surrogate pair, and a pair
 * split between two pieces is joined first, so the blocks concatenated are exactly Buffer.from(join).
 */
export function* encodeBlocks(pieces: Iterable<string>): Generator<Buffer, void, void> {
  const buf = spare ?? Buffer.allocUnsafe(3 * BLOCK_CHARS);
  spare = null;   // a second encoder running meanwhile gets its own buffer
  try {
    let off = 0;
    let carry = "";
    const put = function* (part: string): Generator<Buffer, void, void> {
      if (off + 3 * part.length > buf.length) { yield buf.subarray(0, off); off = 0; }
      off += buf.write(part, off, "utf8");
    };
    for (let piece of pieces) {
      if (carry !== "") { piece = carry + piece; carry = ""; }
      const last = piece.charCodeAt(piece.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) { carry = piece.slice(-1); piece = piece.slice(0, -1); }
      for (let at = 0; at < piece.length;) {
        let end = Math.min(piece.length, at + BLOCK_CHARS);
        if (end < piece.length) { const c = piece.charCodeAt(end - 1); if (c >= 0xd800 && c <= 0xdbff) end--; }
        yield* put(at === 0 && end === piece.length ? piece : piece.slice(at, end));
        at = end;
      }
    }
    if (carry !== "") yield* put(carry);   // a lone high surrogate at the very end: U+FFFD, as Buffer.from writes it
    if (off > 0) yield buf.subarray(0, off);
  } finally {
    spare = buf;
  }
}

/** sha256 (hex) of the UTF-8 of the pieces' join, one block at a time. */
export function chunksSha256(pieces: Iterable<string>): string {
  const h = createHash("sha256");
  for (const b of encodeBlocks(pieces)) h.update(b);
  return h.digest("hex");
}

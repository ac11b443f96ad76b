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

/**
 * The pieces as UTF-8 blocks of about BLOCK_CHARS characters: small pieces are gathered, large ones
 * cut, never inside a surrogate pair (a pair split between two pieces is joined again first), so
 * the blocks concatenated are exactly Buffer.from(join).
 */
export function* encodeBlocks(pieces: Iterable<string>): Generator<Buffer, void, void> {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size < BLOCK_CHARS) continue;
    const text = pending.join("");
    let at = 0;
    while (text.length - at >= BLOCK_CHARS) {
      let end = at + BLOCK_CHARS;
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff) end--;
      yield Buffer.from(text.slice(at, end), "utf8");
      at = end;
    }
    const rest = text.slice(at);
    pending = rest === "" ? [] : [rest];
    size = rest.length;
  }
  if (size > 0) yield Buffer.from(pending.join(""), "utf8");
}

/** sha256 (hex) of the UTF-8 of the pieces' join, one block at a time. */
export function chunksSha256(pieces: Iterable<string>): string {
  const h = createHash("sha256");
  for (const b of encodeBlocks(pieces)) h.update(b);
  return h.digest("hex");
}

// Lines of a log stream in bounded memory: chunks are split at '\n' as they arrive, so a 100 MB log
// never sits in memory whole, and a line longer than `maxLine` bytes (a binary file, /dev/zero through
// a pipe) is reported by its number and skipped rather than accumulated.

export type LogLine =
  | { readonly kind: "line"; readonly no: number; readonly text: string }
  | { readonly kind: "too-long"; readonly no: number; readonly bytes: number };

/** Longest line decode looks at; real trace lines are a few hundred bytes. */
export const MAX_LOG_LINE = 64 * 1024;

export async function* logLines(chunks: AsyncIterable<Uint8Array | string>, maxLine = MAX_LOG_LINE): AsyncGenerator<LogLine> {
  let parts: Buffer[] = [];   // the current line's pieces (only while it is within the cap)
  let len = 0;                // bytes of the current line so far (counted past the cap too)
  let no = 1;
  const finish = (): LogLine => {
    const out: LogLine = len > maxLine ? { kind: "too-long", no, bytes: len } : { kind: "line", no, text: parts.length === 0 ? "" : parts.length === 1 ? parts[0]!.toString("utf8") : Buffer.concat(parts, len).toString("utf8") };
    parts = []; len = 0; no++;
    return out;
  };
  for await (const chunk of chunks) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const nl = b.indexOf(0x0a, start);
      const end = nl < 0 ? b.length : nl;
      if (len + (end - start) > maxLine) parts = [];   // over the cap: drop what was kept, keep counting
      else if (end > start) parts.push(b.subarray(start, end));
      len += end - start;
      if (nl < 0) break;
      yield finish();
      start = nl + 1;
    }
  }
  if (len > 0) yield finish();   // a last line without '\n'
}

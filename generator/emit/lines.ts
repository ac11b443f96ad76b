// Building generated text as arrays of lines. `out.push(...lines)` passes every line as an argument
// and overflows the stack at about 100k lines (a 10k-call spec gets there), so large parts are
// appended one by one.

/** Appends each part: a line, or every line of a list. */
export function append(out: string[], ...parts: (string | readonly string[])[]): void {
  for (const p of parts) {
    if (typeof p === "string") out.push(p);
    else for (const line of p) out.push(line);
  }
}

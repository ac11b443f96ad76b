// Appending generated lines without `push(...lines)`: a spread passes every line as an argument, and
// the ~100k lines of a 10k-call ABI's dispatcher overflow the stack (RangeError) where a loop does not.

/** Appends each part (a line, or a list of lines) to `out` in order; returns `out`. */
export function append(out: string[], ...parts: readonly (string | readonly string[])[]): string[] {
  for (const p of parts) {
    if (typeof p === "string") out.push(p);
    else for (const l of p) out.push(l);
  }
  return out;
}

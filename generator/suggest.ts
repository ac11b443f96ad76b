// "Did you mean": the closest known word to a mistyped one (Damerau-Levenshtein distance), when it is
// close enough to be a plausible typo. Used for commands, options and option values.

function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate closest to `word` (case-insensitive), or null when none is within a typo's reach. */
export function closest(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  let best: string | null = null, bestD = Infinity;
  for (const c of candidates) {
    const dist = distance(w, c.toLowerCase());
    if (dist < bestD) { best = c; bestD = dist; }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(w.length / 3)) ? best : null;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === null ? "" : ` (did you mean '${c}'?)`;
}

/**
 * " (did you mean 'x'?)" when exactly one candidate is the closest: for short names with many
 * near neighbours (registers a0..a7), a guess among equals would mislead, so it says nothing.
 */
export function didYouMeanUnique(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  if (c === null) return "";
  const d = distance(word.toLowerCase(), c.toLowerCase());
  const ties = candidates.filter((x) => x !== c && distance(word.toLowerCase(), x.toLowerCase()) === d);
  return ties.length ? "" : ` (did you mean '${c}'?)`;
}

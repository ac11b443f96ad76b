// A small, bounded unified diff for `hcgen check` reports: enough to see which lines are stale,
// never the whole of a 2 MB model.json. Myers' O((N+M)·D) algorithm keeps a few-line edit in a
// 100 000-line file cheap; when the files differ in very many places it gives up on alignment and
// reports the changed region as replaced, which is still an honest (if coarse) diff.

const CONTEXT = 2;
const MAX_EDITS = 400;

/** A run of equal, deleted or inserted lines; a and b are 0-based start indexes in each file. */
interface Run { readonly t: "=" | "-" | "+"; readonly a: number; readonly b: number; readonly len: number }

function push(runs: Run[], t: Run["t"], a: number, b: number, len: number): void {
  if (len <= 0) return;
  const last = runs[runs.length - 1];
  if (last && last.t === t && last.a + (t === "+" ? 0 : last.len) === a && last.b + (t === "-" ? 0 : last.len) === b) {
    runs[runs.length - 1] = { ...last, len: last.len + len };
  } else runs.push({ t, a, b, len });
}

function align(a: readonly string[], b: readonly string[]): Run[] {
  const n = a.length, m = b.length, off = MAX_EDITS + 1;
  const v = new Int32Array(2 * off + 1);
  const trace: Int32Array[] = [];
  let found = -1;
  outer: for (let d = 0; d <= MAX_EDITS; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) { found = d; break outer; }
    }
  }
  if (found < 0) {
    // Too different to align cheaply: common prefix, one replaced block, common suffix.
    let pre = 0;
    while (pre < n && pre < m && a[pre] === b[pre]) pre++;
    let suf = 0;
    while (suf < n - pre && suf < m - pre && a[n - 1 - suf] === b[m - 1 - suf]) suf++;
    const runs: Run[] = [];
    push(runs, "=", 0, 0, pre);
    push(runs, "-", pre, pre, n - pre - suf);
    push(runs, "+", n - suf, pre, m - pre - suf);
    push(runs, "=", n - suf, m - suf, suf);
    return runs;
  }
  // Walk the trace back from (n, m), collecting edits and snakes in reverse.
  const rev: Run[] = [];
  let x = n, y = m;
  for (let d = found; d > 0; d--) {
    const tv = trace[d]!; // v before step d, indexes k in [-d-1, d+1]
    const at = (k: number) => tv[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const px = at(prevK), py = px - prevK;
    const sx = prevK === k + 1 ? px : px + 1; // where the snake after the edit starts
    rev.push({ t: "=", a: sx, b: sx - k, len: x - sx });
    rev.push(prevK === k + 1 ? { t: "+", a: px, b: py, len: 1 } : { t: "-", a: px, b: py, len: 1 });
    x = px; y = py;
  }
  rev.push({ t: "=", a: 0, b: 0, len: x });
  const runs: Run[] = [];
  for (let i = rev.length - 1; i >= 0; i--) push(runs, rev[i]!.t, rev[i]!.a, rev[i]!.b, rev[i]!.len);
  return runs;
}

export interface DiffExcerpt {
  /** Unified-diff lines ("@@ -12,3 +12,4 @@", " ctx", "-old", "+new"), at most `maxLines`. */
  readonly lines: readonly string[];
  /** Changed lines not shown because of the bound. */
  readonly omitted: number;
  /** 1-based line (in the expected file) of the first difference; 0 when equal. */
  readonly firstLine: number;
}

const WIDTH = 160;

/** Shortens a long line to a window around column `focus` (where it differs from its counterpart). */
function clip(s: string, focus: number): string {
  if (s.length <= WIDTH) return s;
  const start = Math.max(0, Math.min(focus - 60, s.length - WIDTH));
  return (start > 0 ? "..." : "") + s.slice(start, start + WIDTH) + (start + WIDTH < s.length ? "..." : "");
}

function firstDiff(x: string, y: string): number {
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}

/** Clip columns: a replaced line and its replacement show the part where they differ. */
function focusColumns(h: readonly { t: string; text: string }[]): number[] {
  const focus = h.map(() => 0);
  for (let i = 0; i < h.length;) {
    if (h[i]!.t === " ") { i++; continue; }
    let j = i;
    while (j < h.length && h[j]!.t !== " ") j++;
    const dels: number[] = [], ins: number[] = [];
    for (let k = i; k < j; k++) (h[k]!.t === "-" ? dels : ins).push(k);
    for (let p = 0; p < Math.min(dels.length, ins.length); p++) {
      const col = firstDiff(h[dels[p]!]!.text, h[ins[p]!]!.text);
      focus[dels[p]!] = col; focus[ins[p]!] = col;
    }
    i = j;
  }
  return focus;
}

/** Diff from `actual` (on disk) to `expected` (what generate would write). */
export function diffExcerpt(actual: string, expected: string, maxLines = 24): DiffExcerpt {
  const a = actual.split("\n"), b = expected.split("\n");
  const runs = align(a, b);
  // Hunks: changes separated by at most 2*CONTEXT equal lines, with CONTEXT lines around them.
  type Line = { t: " " | "-" | "+"; text: string; a: number; b: number };
  const hunks: Line[][] = [];
  let cur: Line[] | null = null;
  runs.forEach((r, i) => {
    if (r.t === "=") {
      const isFirst = i === 0, isLast = i === runs.length - 1;
      const lead = isFirst ? 0 : Math.min(r.len, CONTEXT);
      const tailStart = isLast ? r.len : Math.max(lead, r.len - CONTEXT);
      for (let j = 0; j < lead; j++) cur!.push({ t: " ", text: a[r.a + j]!, a: r.a + j, b: r.b + j });
      if (tailStart > lead || isLast) { if (cur) hunks.push(cur); cur = null; }
      for (let j = tailStart; j < r.len; j++) (cur ??= []).push({ t: " ", text: a[r.a + j]!, a: r.a + j, b: r.b + j });
      return;
    }
    cur ??= [];
    for (let j = 0; j < r.len; j++) {
      cur.push(r.t === "-" ? { t: "-", text: a[r.a + j]!, a: r.a + j, b: r.b } : { t: "+", text: b[r.b + j]!, a: r.a, b: r.b + j });
    }
  });
  if (cur) hunks.push(cur);

  const lines: string[] = [];
  let omitted = 0;
  for (const h of hunks) {
    const aLen = h.filter((l) => l.t !== "+").length, bLen = h.filter((l) => l.t !== "-").length;
    const head = `@@ -${h[0]!.a + 1},${aLen} +${h[0]!.b + 1},${bLen} @@`;
    const focus = focusColumns(h);
    for (const l of [head, ...h.map((l, i) => `${l.t}${clip(l.text, focus[i]!)}`)]) {
      if (lines.length < maxLines) lines.push(l);
      else if (l[0] === "-" || l[0] === "+") omitted++;
    }
  }
  const first = runs.find((r) => r.t !== "=");
  return { lines, omitted, firstLine: first ? first.b + 1 : 0 };
}

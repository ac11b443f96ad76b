// A switch over one 32-bit selector half, laid out so V8 compiles it to jump tables. V8's bytecode
// generator gives a switch a jump table only when its cases are small integers (Smis, below 2^30) and
// dense: at least 6 of them over a range at most 3 times their number (node's --switch-table-min-cases
// and --switch-table-spread-threshold); any other switch runs as a chain of compares, one per case in
// source order. Selector numbers are often spaced (PAPR's hcall numbers are multiples of 4: ~190 cases
// over 0x4..0xf80c), so the cases are grouped into dense runs of (key >>> shift), each a switch of its
// own behind a range test; what is in no run keeps a plain switch.

const MIN_CASES = 6, SPREAD = 3, SMI_LIMIT = 2 ** 30, MAX_SHIFT = 4;

export interface SwitchCase {
  readonly key: number;
  /** The case's statements at `pad` (they end in `break;`). */
  readonly body: (pad: string) => string[];
}

const hex = (x: number): string => `0x${x.toString(16)}`;

/** Dense runs of the cases whose key is a multiple of 2^shift, as key >>> shift (cases sorted by key). */
function denseRuns(cases: readonly SwitchCase[], shift: number): SwitchCase[][] {
  const unit = 2 ** shift, out: SwitchCase[][] = [];
  let run: SwitchCase[] = [];
  for (const c of cases) {
    if (c.key % unit !== 0 || c.key / unit >= SMI_LIMIT) continue;
    if (run.length > 0 && (c.key - run[0]!.key) / unit + 1 > SPREAD * (run.length + 1)) {
      if (run.length >= MIN_CASES) out.push(run);
      run = [];
    }
    run.push(c);
  }
  if (run.length >= MIN_CASES) out.push(run);
  return out;
}

/** switch (expr >>> shift) over the cases, labelled key >>> shift (the key in a comment when shifted). */
function plainSwitch(expr: string, cases: readonly SwitchCase[], pad: string, comment: string, shift = 0): string[] {
  const lines = [`${pad}switch (${shift > 0 ? `${expr} >>> ${shift}` : expr}) {   // ${comment}${shift > 0 ? ` / ${2 ** shift}` : ""}`];
  for (const c of cases) lines.push(`${pad}  case ${hex(c.key / 2 ** shift)}:${shift > 0 ? `   // ${hex(c.key)}` : ""}`, ...c.body(`${pad}    `));
  lines.push(`${pad}}`);
  return lines;
}

/** `switch (expr)` over the cases (distinct keys), as jump tables where the keys allow. */
export function switchLines(expr: string, cases: readonly SwitchCase[], pad: string, comment: string): string[] {
  const sorted = [...cases].sort((a, b) => a.key - b.key);
  let best: { shift: number; runs: SwitchCase[][]; covered: number } = { shift: 0, runs: [], covered: 0 };
  for (let shift = 0; shift <= MAX_SHIFT; shift++) {
    const runs = denseRuns(sorted, shift), covered = runs.reduce((n, r) => n + r.length, 0);
    if (covered > 0 && covered >= best.covered) best = { shift, runs, covered };   // a tie: the larger shift (a smaller table)
  }
  // Already one dense switch (V8 tables it as it is), or nothing dense: one plain switch.
  if (best.covered === 0 || (best.shift === 0 && best.covered === cases.length && best.runs.length === 1)) return plainSwitch(expr, cases, pad, comment);
  const { shift, runs } = best, unit = 2 ** shift, inRun = new Set(runs.flat());
  const rest = cases.filter((c) => !inRun.has(c));
  const lines: string[] = [];
  runs.forEach((run, i) => {
    const first = run[0]!.key, last = run[run.length - 1]!.key;
    const conds = [...(shift > 0 ? [`(${expr} & ${hex(unit - 1)}) === 0`] : []), ...(first > 0 ? [`${expr} >= ${hex(first)}`] : []), `${expr} <= ${hex(last)}`];
    lines.push(`${pad}${i === 0 ? "if" : "} else if"} (${conds.join(" && ")}) {   // ${comment}: ${run.length} cases, a jump table`);
    lines.push(...plainSwitch(expr, run, `${pad}  `, comment, shift));
  });
  if (rest.length > 0) lines.push(`${pad}} else {`, ...plainSwitch(expr, rest, `${pad}  `, comment));
  lines.push(`${pad}}`);
  return lines;
}

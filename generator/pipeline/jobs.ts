// `--jobs` for generate and check (render-helper.ts does the work): a light module, as generate's
// up-to-date path loads no more than it needs.
import { UsageError } from "../diagnostics.js";

/** Below this much spec text, starting a helper thread (~50 ms before it renders) costs more than it saves. */
export const AUTO_MIN_SPEC_BYTES = 64 * 1024;

/**
 * When the spec store serves every spec, loading takes tens of milliseconds and no longer hides a
 * helper's start (~150-250 ms on 2 cores before it renders): --jobs auto then starts one after
 * loading, and only for at least this many call x arch pairs. Measured with a warm store, 16
 * interleaved runs: the catalog (952 pairs) on one thread 818 ms wall / 885 ms CPU, with a helper
 * 805 / 1225 ms (check: 734 / 820 vs 716 / 1095 ms), so one thread saves a core for the same time;
 * 1000 synthetic calls x 4 arches: a helper started after loading 1.27 s, before it 1.27 s, none 1.39 s.
 */
export const LATE_HELPER_MIN_CALL_ARCHES = 2000;

/** `--jobs`: threads that render (the main thread and its helpers); undefined: automatic. */
export function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined || value === "auto") return undefined;
  if (!/^[1-9][0-9]?$/.test(value)) throw new UsageError(`--jobs needs a whole number from 1 to 99, or auto (got '${value}')`);
  return Number(value);
}

export const JOBS_HELP = `  --jobs N|auto           threads that render: the main one and N-1 helpers, each with a share of the
                          emitters (default auto: 2 on a machine with 2 or more cores when the specs
                          are ${AUTO_MIN_SPEC_BYTES / 1024} KiB or more, or, when the spec store holds every spec, when
                          they have ${LATE_HELPER_MIN_CALL_ARCHES} or more call x arch pairs; else 1; on a busy machine
                          --jobs 1 saves the helper's own spec load); the output is the same for any N`;

// `--jobs` for generate and check (render-helper.ts does the work): a light module, as generate's
// up-to-date path loads no more than it needs.
import { UsageError } from "../diagnostics.js";

/** Below this much spec text, starting a helper thread (~50 ms before it renders) costs more than it saves. */
export const AUTO_MIN_SPEC_BYTES = 64 * 1024;

/** `--jobs`: threads that render (the main thread and its helpers); undefined: automatic. */
export function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined || value === "auto") return undefined;
  if (!/^[1-9][0-9]?$/.test(value)) throw new UsageError(`--jobs needs a whole number from 1 to 99, or auto (got '${value}')`);
  return Number(value);
}

export const JOBS_HELP = `  --jobs N|auto           threads that render: the main one and N-1 helpers, each with a share of the
                          emitters (default auto: 2 on a machine with 2 or more cores when the specs
                          are ${AUTO_MIN_SPEC_BYTES / 1024} KiB or more, else 1; on a busy machine --jobs 1 saves the
                          helper's own spec load); the output is the same for any N`;

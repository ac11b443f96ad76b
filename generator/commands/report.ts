// Printing positioned diagnostics for every command: head line, source excerpt with a caret, hint,
// coloured only when wanted (a terminal, or FORCE_COLOR / --color=always; never with NO_COLOR).
import type { Diagnostic } from "../diagnostics.js";
import { UsageError } from "../diagnostics.js";
import { renderDiagnostic, sourceLines } from "../render-diagnostic.js";
import type { Io } from "./io.js";

export const COLOR_CHOICES = ["auto", "always", "never"] as const;

/**
 * Whether to colour stderr: --color always/never decides; else FORCE_COLOR when set and not empty
 * (`0` and `false` disable, anything else enables, https://force-color.org); else NO_COLOR when set
 * and not empty disables (https://no-color.org); else colour on a terminal only.
 */
export function colorWanted(flag: string | undefined, io: Pick<Io, "env" | "isTTY">): boolean {
  if (flag !== undefined && !(COLOR_CHOICES as readonly string[]).includes(flag)) throw new UsageError(`unknown --color '${flag}' (choose auto, always or never)`);
  if (flag === "always") return true;
  if (flag === "never") return false;
  const force = io.env?.["FORCE_COLOR"], no = io.env?.["NO_COLOR"];
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (no !== undefined && no !== "") return false;
  return io.isTTY;
}

/** Each diagnostic (with its excerpt) on stderr, then `N errors` when there are errors. */
export function printDiagnostics(io: Io, diags: readonly Diagnostic[], only: "errors" | "all" = "all", count = true): void {
  const lines = sourceLines(io.cwd), color = io.color ?? false;
  for (const d of diags) if (only === "all" || d.severity === "error") io.err(renderDiagnostic(d, { color, lines }) + "\n");
  const n = diags.filter((d) => d.severity === "error").length;
  if (count && n > 0) io.err(`${n} error${n === 1 ? "" : "s"}\n`);
}

// Renders `hcgen diff` findings as text (file:line first, for editors), JSON, or GitHub Actions
// workflow commands (annotations on the pull request's changed lines).
import type { Change } from "./rules.js";

export type Format = "text" | "json" | "github";

export interface Summary { readonly breaking: number; readonly acknowledged: number; readonly compatible: number }

export function summarize(changes: readonly Change[]): Summary {
  const breaking = changes.filter((c) => c.breaking && c.acknowledged === undefined).length;
  const acknowledged = changes.filter((c) => c.breaking && c.acknowledged !== undefined).length;
  return { breaking, acknowledged, compatible: changes.length - breaking - acknowledged };
}

function label(c: Change): string {
  if (!c.breaking) return "compatible";
  return c.acknowledged === undefined ? "BREAKING" : "breaking (acknowledged)";
}

export function renderText(changes: readonly Change[], against: string): string {
  const s = summarize(changes);
  const lines = changes.map((c) => `${c.file}:${c.line}:${c.col}: ${label(c)} ${c.rule}: ${c.message}${c.acknowledged !== undefined ? ` [acknowledged: ${c.acknowledged}]` : ""}`);
  lines.push(changes.length === 0 ? `no changes against ${against}`
    : `${s.breaking} breaking, ${s.acknowledged} acknowledged, ${s.compatible} compatible change${s.compatible === 1 ? "" : "s"} against ${against}`);
  if (s.breaking > 0) {
    lines.push("hint: make the change compatible (mark calls `removed:` instead of deleting them, append instead of reorder), " +
      "or acknowledge it in the spec: acknowledged_breaks: [{ rule: RULE, name: NAME, reason: \"...\" }]");
  }
  return lines.join("\n") + "\n";
}

export function renderJson(changes: readonly Change[], against: string): string {
  return JSON.stringify({ format: "hcgen-diff/1", against, summary: summarize(changes), changes }, null, 2) + "\n";
}

/** Workflow-command values must escape %, CR and LF (and `,` `:` in properties). */
const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escProp = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

export function renderGithub(changes: readonly Change[], against: string): string {
  const lines = changes.map((c) => {
    const level = !c.breaking ? "notice" : c.acknowledged === undefined ? "error" : "warning";
    const title = `hcgen diff: ${label(c)} ${c.rule}`;
    return `::${level} file=${escProp(c.file)},line=${c.line},col=${c.col},title=${escProp(title)}::${esc(c.message)}`;
  });
  const s = summarize(changes);
  lines.push(`${s.breaking} breaking, ${s.acknowledged} acknowledged, ${s.compatible} compatible against ${against}`);
  return lines.join("\n") + "\n";
}

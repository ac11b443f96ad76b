// An ABI page with its per-call sections streamed one call at a time. At 10k calls the Markdown page
// is 10 MB and the HTML page 19 MB, and rendering either whole (with every call's view alive) was the
// peak of a generate's memory. The page template is rendered once with two marker calls in place of
// the real ones; the text before the first marker, between the two and after the second is the page
// around, between and after the call sections, which call-section.ts writes one call at a time.
import type { Abi } from "../../model.js";
import { callView, callViews, type CallView } from "./view-calls.js";

const MARK = Symbol("hcgen call-section marker");
// NUL never reaches a page (the text helpers drop control characters), so a marker cannot be page text.
const FIRST = "\u0000hcgen-call-section-1\u0000", SECOND = "\u0000hcgen-call-section-2\u0000";
const MARKERS = [{ [MARK]: FIRST }, { [MARK]: SECOND }] as unknown as readonly CallView[];

/** The marker text a call-section partial writes for a marker call, undefined for a real one. */
export function markerText(c: unknown): string | undefined {
  return c !== null && typeof c === "object" ? (c as { [MARK]?: string })[MARK] : undefined;
}

/**
 * The page `render(calls)` gives for all of `abi`'s calls, as pieces. A template that does not show
 * the calls exactly once, in order, is rendered whole instead (same text, no streaming).
 */
export function* pageWithCalls(abi: Abi, render: (calls: readonly CallView[]) => string, section: (c: CallView) => string): Generator<string, void, void> {
  if (abi.calls.length === 0) { yield render([]); return; }
  const page = render(MARKERS);
  const a = page.indexOf(FIRST), b = page.indexOf(SECOND);
  if (a < 0 || b < a || page.includes(FIRST, a + 1) || page.includes(SECOND, b + 1)) { yield render(callViews(abi)); return; }
  const between = page.slice(a + FIRST.length, b);
  yield page.slice(0, a);
  for (let i = 0; i < abi.calls.length; i++) {
    if (i > 0) yield between;
    yield section(callView(abi, abi.calls[i]!));
  }
  yield page.slice(b + SECOND.length);
}

// ABI pages are streamed one call section at a time (generator/emit/docs/page-stream.ts): the pieces
// must join to exactly the page rendered whole, and a template that does not show each call once
// must fall back to the whole render rather than drop or repeat sections.
import { describe, expect, it } from "vitest";
import type { Abi } from "../../generator/model.js";
import { htmlCallSection, mdCallSection } from "../../generator/emit/docs/call-section.js";
import { markerText, pageWithCalls } from "../../generator/emit/docs/page-stream.js";
import { templates } from "../../generator/emit/docs/templates.js";
import { abiView } from "../../generator/emit/docs/view.js";
import { callViews, type CallView } from "../../generator/emit/docs/view-calls.js";
import { loadCatalog } from "../helpers/catalog.js";

const model = loadCatalog().model;

describe("pageWithCalls", () => {
  it("streams every catalog page, Markdown and HTML, to the text of the page rendered whole", () => {
    const t = templates();
    for (const abi of model.abis) {
      const md = (calls: readonly CallView[]) => t.page("md/abi")(abiView(abi, calls));
      const html = (calls: readonly CallView[]) => t.page("html/abi")({ pageTitle: `${abi.title} (hcgen)`, abi: abiView(abi, calls), markdown: `../docs/${abi.id}.md` });
      for (const [render, section] of [[md, mdCallSection], [html, htmlCallSection]] as const) {
        const pieces = [...pageWithCalls(abi, render, section)];
        expect(pieces.length, abi.id).toBe(2 * abi.calls.length + 1);   // streamed, not the fallback
        expect(pieces.join(""), abi.id).toBe(render(callViews(abi)));
        expect(pieces.join(""), abi.id).not.toContain("\u0000");
      }
    }
  });

  it("falls back to one whole render when the template shows the calls twice or not at all", () => {
    const abi = model.abis.find((a) => a.id === "kvm-x86")!;
    // As the registered partial does (templates.ts): a marker call writes its marker.
    const partial = (c: CallView) => markerText(c) ?? mdCallSection(c);
    const twice = (calls: readonly CallView[]) => `${calls.map(partial).join("")}--${calls.map(partial).join("")}`;
    const never = (calls: readonly CallView[]) => `${calls.length} calls`;
    for (const render of [twice, never]) {
      const pieces = [...pageWithCalls(abi, render, mdCallSection)];
      expect(pieces).toEqual([render(callViews(abi))]);
    }
  });

  it("an ABI without calls is its page rendered with none", () => {
    const abi = { ...model.abis[0]!, calls: [] } as Abi;
    expect([...pageWithCalls(abi, (calls) => `page of ${calls.length}`, mdCallSection)]).toEqual(["page of 0"]);
  });
});

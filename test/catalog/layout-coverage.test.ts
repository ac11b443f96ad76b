// The layout coverage report (per ABI: calls whose register layout a source shows / all calls) and
// what `layout: unknown` means end to end: the model export, the docs, the TS and C stubs.
import { describe, expect, it } from "vitest";
import { emitHeader } from "../../generator/emit/c.js";
import { emitDocs } from "../../generator/emit/docs.js";
import { tsEmitter } from "../../generator/emit/ts.js";
import { DEFAULT_EMIT_OPTIONS } from "../../generator/emit/types.js";
import { exportModel } from "../../generator/export.js";
import { call, loadAbi, loadCatalog } from "../helpers/catalog.js";

const papr = () => ({ hcgen: 1 as const, abis: [loadAbi("papr")] });
const renderAbiMarkdown = () => emitDocs(papr()).find((f) => f.path === "docs/papr.md")!.content;
const emitTsStubs = () => tsEmitter.emit(papr(), DEFAULT_EMIT_OPTIONS).find((f) => f.path === "ts/papr.stubs.ts")!.content;

describe("layout coverage report", () => {
  const model = loadCatalog().model;
  const report = model.abis.map((a) => ({ abi: a.id, known: a.calls.filter((c) => c.layout === "known").length, all: a.calls.length }));

  it("prints calls with known layouts / all calls per ABI, and matches `hcgen model --json`", () => {
    console.log(["layout coverage (known / all):", ...report.map((r) => `  ${r.abi.padEnd(14)} ${String(r.known).padStart(3)} / ${r.all}`)].join("\n"));
    const json = exportModel(model) as { abis: { id: string; calls: { layout: string }[] }[] };
    expect(json.abis.map((a) => ({ abi: a.id, known: a.calls.filter((c) => c.layout === "known").length, all: a.calls.length }))).toEqual(report);
    expect(report.find((r) => r.abi === "papr")!.known).toBeGreaterThanOrEqual(150);
  });

  it("exposes the layout of every call in the JSON export", () => {
    const json = exportModel(model, "papr") as { abis: { calls: { name: string; layout: string; args: { name: string }[] }[] }[] };
    const byName = new Map(json.abis[0]!.calls.map((c) => [c.name, c]));
    expect(byName.get("H_IPI")!.layout).toBe("known");
    expect(byName.get("H_SET_ASR")!.layout).toBe("unknown");
    expect(byName.get("H_SET_ASR")!.args.map((a) => a.name)).toEqual(["r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12"]);
  });
});

describe("layout: unknown in the generated output", () => {
  const abi = loadAbi("papr");

  it("says 'Layout unknown' (not 'No arguments') in the docs, and counts known layouts", () => {
    const md = renderAbiMarkdown();
    const section = md.slice(md.indexOf('<a id="call-H_SET_ASR"></a>'), md.indexOf('<a id="call-H_ASR_ON"></a>'));
    expect(section).toContain("**Layout unknown**");
    expect(section).toContain("in r4, r5, r6, r7, r8, r9, r10, r11, r12; out r4, r5, r6, r7, r8, r9, r10, r11, r12");
    expect(section).not.toContain("No arguments");
    expect(md).toContain(`${abi.calls.length} calls, ${abi.calls.filter((c) => c.layout === "known").length} of them with a known register layout`);
    // A call that truly takes nothing still says so.
    const cede = md.slice(md.indexOf('<a id="call-H_CEDE"></a>'), md.indexOf('<a id="call-H_CONFER"></a>'));
    expect(cede).toContain("No arguments.");
  });

  it("gives the TS stub raw register arguments and results", () => {
    const ts = emitTsStubs();
    const stub = ts.slice(ts.indexOf("H_SET_ASR(vcpu"), ts.indexOf("H_ASR_ON(vcpu"));
    expect(stub).toContain("r[12] = args.r12;");
    expect(stub).toContain("results: { r4: r[4]!,");
    expect(stub).toContain("Layout unknown");
  });

  it("gives the C stub one parameter per argument register", () => {
    const h = emitHeader(abi);
    const i = h.indexOf("hc_papr_h_set_asr(");
    expect(h.slice(i, h.indexOf(")", i))).toBe("hc_papr_h_set_asr(unsigned long r4, unsigned long r5, unsigned long r6, unsigned long r7, unsigned long r8, unsigned long r9, unsigned long r10, unsigned long r11, unsigned long r12");
    const doc = h.slice(h.lastIndexOf("/*", i), i);
    expect(doc).toContain("layout unknown (no cited source shows the register use)");
    expect(doc).not.toContain(" -> r4: ");   // one summary line, not one line per raw register
    expect(call(abi, "H_SET_ASR").layout).toBe("unknown");
  });
});

describe("every ABI's docs show its layout depth", () => {
  const model = loadCatalog().model;
  const files = emitDocs(model);

  it.each(model.abis.map((a) => a.id))("%s: the Markdown header counts calls with a known layout; unknown calls say so", (id) => {
    const abi = model.abis.find((a) => a.id === id)!;
    const known = abi.calls.filter((c) => c.layout === "known").length;
    const md = files.find((f) => f.path === `docs/${id}.md`)!.content;
    expect(md).toContain(`${abi.calls.length} calls, ${known} of them with a known register layout`);
    expect(md.split("**Layout unknown**").length - 1).toBe(abi.calls.length - known);
  });

  it("the site index has a Known layouts column with each ABI's count", () => {
    const index = files.find((f) => f.path === "site/index.html")?.content ?? "";
    expect(index).toContain("<th>Known layouts</th>");
    for (const abi of model.abis) {
      const row = index.slice(index.indexOf(`<a href="${abi.id}.html">`));
      const cells = [...row.slice(0, row.indexOf("</tr>")).matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
      expect(cells, abi.id).toEqual([abi.calls.length, abi.calls.filter((c) => c.layout === "known").length]);
    }
  });
});

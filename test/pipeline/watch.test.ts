// The watch loop, in-process on a temp spec directory: edits regenerate, invalid edits are reported
// and the loop keeps running, abort ends it.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EMITTERS } from "../../generator/emit/index.js";
import type { Emitter } from "../../generator/emit/types.js";
import { captureIo } from "../../generator/commands/io.js";
import { FastPath } from "../../generator/pipeline/incremental.js";
import { sharedArgs } from "../../generator/pipeline/options.js";
import { loadSpecs, renderLoaded } from "../../generator/pipeline/run.js";
import { watchLoop, type Cycle } from "../../generator/pipeline/watch.js";
import { hcgen, snapshot, tempProject } from "./helpers.js";

/** Resolves with the next cycle that satisfies `pred`, or rejects after `ms`. */
function nextCycle(cycles: Cycle[], pred: (c: Cycle) => boolean, from: number, ms = 10_000): Promise<Cycle> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = () => {
      const c = cycles.slice(from).find(pred);
      if (c) resolve(c);
      else if (Date.now() - t0 > ms) reject(new Error(`no matching watch cycle in ${ms} ms: ${JSON.stringify(cycles)}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe("watchLoop", () => {
  it("regenerates on an edit, reports an invalid edit without stopping, and stops on abort", async () => {
    const dir = tempProject();
    const spec = join(dir, "spec/demo.yaml");
    // A second ABI, so the fast pass (edited ABI only) and the full pass (aggregates) differ.
    writeFileSync(join(dir, "spec/other.yaml"), readFileSync(spec, "utf8").replace("id: demo\n", "id: other\n"));
    const out = join(dir, "generated");
    const cycles: Cycle[] = [];
    let stdout = "", stderr = "";
    const ac = new AbortController();
    let finished = false;
    // Options resolved exactly as the CLI does, so the result can be compared with `hcgen generate`.
    const cli = sharedArgs({}, [], captureIo(dir));
    const loop = watchLoop({ inputs: cli.inputs, cwd: cli.root, outDir: out, emitters: cli.emitters, options: cli.options, signal: ac.signal,
      out: (s) => { stdout += s; }, err: (s) => { stderr += s; }, onCycle: (c) => cycles.push(c), debounceMs: 20 })
      .then(() => { finished = true; });

    await nextCycle(cycles, (c) => c.ok, 0);
    expect(readFileSync(join(out, "json/demo.json"), "utf8")).toContain("\"title\": \"Demo paravirtual interface (test fixture)\"");
    expect(stdout).toMatch(/hcgen watch: initial build: \d+ written, 0 unchanged, 0 removed in \d+ ms/);

    // A valid edit: the output follows, and only the changed spec is reported.
    let n = cycles.length;
    const text = readFileSync(spec, "utf8");
    writeFileSync(spec, text.replace("title: Demo paravirtual interface (test fixture)", "title: Watched"));
    const edit = await nextCycle(cycles, (c) => c.ok && c.written.length > 0, n);
    expect(edit.changed).toEqual(["spec/demo.yaml"]);
    expect(edit.fastMs).not.toBeNull();
    expect(edit.written).toContain("json/model.json"); // an aggregate, from the full pass
    expect(stdout).toMatch(/hcgen watch: spec\/demo\.yaml: [1-9]\d* written in \d+ ms \(own files\); updating the rest/);
    expect(readFileSync(join(out, "json/demo.json"), "utf8")).toContain("\"title\": \"Watched\"");
    expect(stdout).toMatch(/hcgen watch: spec\/demo\.yaml: [1-9]\d* written, \d+ unchanged, 0 removed in \d+ ms/);

    // An invalid edit: reported as validate does, nothing written, the loop keeps going.
    n = cycles.length;
    writeFileSync(spec, text.replace("id: demo\n", "id: Not Valid\n"));
    await nextCycle(cycles, (c) => !c.ok, n);
    expect(stderr).toMatch(/spec\/demo\.yaml:\d+:\d+: error HC\d+/);
    expect(stderr).toContain("not regenerated (invalid spec); waiting for changes");
    expect(readFileSync(join(out, "json/demo.json"), "utf8")).toContain("\"title\": \"Watched\"");
    expect(finished).toBe(false);

    // Fixing it regenerates again.
    n = cycles.length;
    writeFileSync(spec, text);
    await nextCycle(cycles, (c) => c.ok && c.written.length > 0, n);
    expect(readFileSync(join(out, "json/demo.json"), "utf8")).toContain("\"title\": \"Demo paravirtual interface (test fixture)\"");

    ac.abort();
    await loop;
    expect(finished).toBe(true);

    // What watch left behind is exactly what a fresh generate writes.
    const fresh = tempProject();
    rmSync(join(fresh, "spec"), { recursive: true });
    cpSync(join(dir, "spec"), join(fresh, "spec"), { recursive: true });
    expect((await hcgen(fresh, "generate")).code).toBe(0);
    const got = snapshot(out), want = snapshot(join(fresh, "generated"));
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [k, v] of want) expect(got.get(k), k).toBe(v);
  });

  it("returns at once when the signal is already aborted", async () => {
    const dir = tempProject();
    const ac = new AbortController();
    ac.abort();
    await watchLoop({ inputs: [join(dir, "spec")], cwd: dir, outDir: join(dir, "generated"), emitters: EMITTERS,
      signal: ac.signal, out: () => {}, err: () => {} });
  });

  it("fast path: stops fast-pathing an emitter whose per-ABI output depends on other ABIs", () => {
    const dir = tempProject();
    writeFileSync(join(dir, "spec/other.yaml"), readFileSync(join(dir, "spec/demo.yaml"), "utf8").replace("id: demo\n", "id: other\n"));
    const counting: Emitter = { kind: "docs", emit: (m) => m.abis.map((a) => ({ path: `n/${a.id}.md`, content: `${m.abis.length} ABIs\n`, sources: [a.file] })) };
    const opts = { inputs: [join(dir, "spec")], cwd: dir, emitters: [counting, ...EMITTERS.filter((e) => e.kind === "json")] };
    const l = loadSpecs(opts);
    const fp = new FastPath();
    expect(fp.render(l.model, ["spec/demo.yaml"], l.specBytes, opts.emitters, { runtimeImport: "x" }, dir)).toEqual([]); // no full run yet
    const full = renderLoaded(l, { ...opts, options: { runtimeImport: "x" } });
    fp.recordFull(full);
    const fast = fp.render(l.model, ["spec/demo.yaml"], l.specBytes, opts.emitters, { runtimeImport: "x" }, dir);
    expect(fast.map((f) => f.path).sort()).toEqual(["json/demo.json", "n/demo.md"]); // model.json has two sources: full pass only
    expect(fast.find((f) => f.path === "json/demo.json")!.content).toBe(full.find((f) => f.path === "json/demo.json")!.content);
    expect(fp.verify(fast, full)).toEqual(["docs"]);
    expect(fp.render(l.model, ["spec/demo.yaml"], l.specBytes, opts.emitters, { runtimeImport: "x" }, dir).map((f) => f.path)).toEqual(["json/demo.json"]);
  });
});

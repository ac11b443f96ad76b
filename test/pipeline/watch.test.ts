// The watch loop, in-process on a temp spec directory: edits regenerate, invalid edits are reported
// and the loop keeps running, abort ends it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EMITTERS } from "../../generator/emit/index.js";
import { watchLoop, type Cycle } from "../../generator/pipeline/watch.js";
import { tempProject } from "./helpers.js";

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
    const out = join(dir, "generated");
    const cycles: Cycle[] = [];
    let stdout = "", stderr = "";
    const ac = new AbortController();
    let finished = false;
    const loop = watchLoop({ inputs: [join(dir, "spec")], cwd: dir, outDir: out, emitters: EMITTERS, signal: ac.signal,
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
  });

  it("returns at once when the signal is already aborted", async () => {
    const dir = tempProject();
    const ac = new AbortController();
    ac.abort();
    await watchLoop({ inputs: [join(dir, "spec")], cwd: dir, outDir: join(dir, "generated"), emitters: EMITTERS,
      signal: ac.signal, out: () => {}, err: () => {} });
  });
});

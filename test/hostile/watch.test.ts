// Issue 19 item 7 (watch): deleting spec/ and creating it again must not end regeneration silently.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureIo } from "../../generator/commands/io.js";
import { sharedArgs } from "../../generator/pipeline/options.js";
import { watchLoop, type Cycle } from "../../generator/pipeline/watch.js";
import { tempProject } from "../pipeline/helpers.js";

function waitFor(pred: () => boolean, what: string, ms = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = () => (pred() ? resolve() : Date.now() - t0 > ms ? reject(new Error(`timed out waiting for ${what}`)) : setTimeout(poll, 20));
    poll();
  });
}

describe("watch survives spec/ being deleted and re-created", () => {
  it("regenerates from the new spec/ directory", async () => {
    const dir = tempProject();
    const specDir = join(dir, "spec"), spec = join(specDir, "demo.yaml");
    const text = readFileSync(spec, "utf8");
    const cycles: Cycle[] = [];
    let stderr = "";
    const ac = new AbortController();
    const cli = sharedArgs({}, [], captureIo(dir));
    const loop = watchLoop({ inputs: cli.inputs, cwd: cli.root, outDir: join(dir, "generated"), emitters: cli.emitters, options: cli.options,
      signal: ac.signal, out: () => {}, err: (s) => { stderr += s; }, onCycle: (c) => cycles.push(c), debounceMs: 20 });
    try {
      await waitFor(() => cycles.some((c) => c.ok), "the initial build");
      rmSync(specDir, { recursive: true });
      await waitFor(() => cycles.some((c) => !c.ok), "the cycle that finds no specs");
      mkdirSync(specDir);
      writeFileSync(spec, text.replace("title: Demo paravirtual interface (test fixture)", "title: Reborn"));
      await waitFor(() => readFileSync(join(dir, "generated/json/demo.json"), "utf8").includes("\"title\": \"Reborn\""), "regeneration from the new spec/");
      // And it keeps following edits in the new directory.
      writeFileSync(spec, text.replace("title: Demo paravirtual interface (test fixture)", "title: Again"));
      await waitFor(() => readFileSync(join(dir, "generated/json/demo.json"), "utf8").includes("\"title\": \"Again\""), "an edit in the new spec/");
      expect(stderr).not.toMatch(/internal error/);
    } finally {
      ac.abort();
      await loop;
    }
  }, 60_000);
});

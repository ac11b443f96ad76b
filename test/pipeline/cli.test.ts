// The built CLI end to end (dist/, built by test/global-setup.ts when stale, then `node bin/hcgen.js ...` in a temp project):
// generate, check (fresh and stale), and watch stopped by SIGINT.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/catalog.js";
import { tempProject } from "./helpers.js";

const BIN = join(ROOT, "bin/hcgen.js");
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });

describe("built CLI", () => {
  it("generate, then check passes; a spec edit makes check fail with a report", () => {
    const dir = tempProject();
    const g = run(dir, "generate");
    expect(g.stderr).toBe("");
    expect(g.status).toBe(0);
    expect(g.stdout).toMatch(/^hcgen: \d+ files: \d+ written, 0 unchanged, 0 removed \(generated\/\)\n$/);
    const fresh = run(dir, "check");
    expect(fresh.status, fresh.stderr).toBe(0);
    const spec = join(dir, "spec/demo.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("version: \"1.0\"", "version: \"1.1\""));
    const c = run(dir, "check");
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(/generated\/json\/demo\.json: stale, line \d+: spec\/demo\.yaml changed/);
    expect(c.stderr).toContain("+      \"version\": \"1.1\",");
    expect(c.stderr).toContain("run `npx hcgen generate`");
  });

  it("usage errors exit 2 without a stack trace", () => {
    const r = run(tempProject(), "generate", "--bogus");
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("watch regenerates on an edit and exits cleanly on SIGINT", async () => {
    const dir = tempProject();
    const child = spawn(process.execPath, [BIN, "watch"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 500 && !re.test(stdout); i++) await new Promise((r) => setTimeout(r, 20));
      expect(stdout).toMatch(re);
    };
    await waitFor(/watching spec/);
    const spec = join(dir, "spec/demo.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("version: \"1.0\"", "version: \"2.0\""));
    await waitFor(/spec\/demo\.yaml: [1-9]\d* written/);
    expect(readFileSync(join(dir, "generated/json/demo.json"), "utf8")).toContain("\"version\": \"2.0\"");
    const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    expect(stdout).toContain("hcgen watch: stopped");
    expect(stderr).toBe("");
  });

  it("watch reports an invalid edit with the source line and a caret, as validate does", async () => {
    const dir = tempProject();
    const child = spawn(process.execPath, [BIN, "watch"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" } });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    for (let i = 0; i < 500 && !/watching spec/.test(stdout); i++) await new Promise((r) => setTimeout(r, 20));
    const spec = join(dir, "spec/demo.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("version: \"1.0\"", "version: 7"));
    for (let i = 0; i < 500 && !/not regenerated/.test(stderr); i++) await new Promise((r) => setTimeout(r, 20));
    const exit = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    const lines = stderr.split("\n");
    const at = lines.findIndex((l) => /^spec\/demo\.yaml:\d+:\d+: error/.test(l));
    expect(at, stderr).toBeGreaterThanOrEqual(0);
    // The excerpt: the spec line quoted, then a caret line under the value.
    expect(lines.slice(at + 1).join("\n")).toMatch(/version: 7\n\s*\|?\s*\^/);
    expect(stderr).toContain("not regenerated (invalid spec)");
  });
});

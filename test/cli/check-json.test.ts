// hcgen check --format json: the check's result as one object, for CI tools.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { captureIo } from "../../generator/commands/io.js";

const dir = mkdtempSync(join(tmpdir(), "hcgen-check-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const io = captureIo(dir);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

it("reports up to date, then the stale files with their cause; --format xml is a usage error", async () => {
  expect((await cli("init")).code).toBe(0);
  expect((await cli("generate")).code).toBe(0);
  const fresh = await cli("check", "--format", "json");
  expect(fresh.code, fresh.err).toBe(0);
  expect(JSON.parse(fresh.out)).toEqual({ format: "hcgen-check/1", out: "generated/", upToDate: true, stale: [], missing: [], extra: [], manifestStale: false, diagnostics: [] });
  const spec = join(dir, "spec/my-abi.yaml");
  writeFileSync(spec, readFileSync(spec, "utf8").replace("title: my-abi hypercalls", "title: my-abi hypercalls (edited)"));
  const stale = await cli("check", "--format", "json");
  expect(stale.code).toBe(1);
  const r = JSON.parse(stale.out) as { upToDate: boolean; stale: { path: string; reason: string; changedSpecs: string[] }[] };
  expect(r.upToDate).toBe(false);
  expect(r.stale.length).toBeGreaterThan(0);
  expect(r.stale.find((f) => f.path === "json/my-abi.json")).toMatchObject({ reason: "spec changed", changedSpecs: ["spec/my-abi.yaml"] });
  expect(await cli("check", "--format", "xml")).toEqual({ code: 2, out: "", err: "hcgen check: unknown --format 'xml' (choose text or json)\nRun `hcgen check --help` for usage.\n" });
});

it("says what stopped the comparison: a manifest that is not JSON is a problem, with upToDate false", async () => {
  expect((await cli("generate")).code).toBe(0);
  writeFileSync(join(dir, "generated/.hcgen-manifest.json"), "{ not json");
  const r = await cli("check", "--format", "json");
  expect(r.code).toBe(1);
  const out = JSON.parse(r.out) as { upToDate: boolean; problem?: string };
  expect(out.upToDate).toBe(false);
  expect(out.problem).toMatch(/\.hcgen-manifest\.json is not valid JSON/);
});

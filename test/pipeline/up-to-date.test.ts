// The up-to-date shortcut of `hcgen generate` (pipeline/up-to-date.ts): a run whose inputs are the
// ones the manifest's `validated` record names, with every output on disk as recorded, reports the
// directory up to date without building the model. Each test below changes one thing the result
// depends on and shows that the run then takes the full path (checkUpToDate gives a reason) and that
// the tree is exactly a full generation's; the last ones watch a real `bin/hcgen.js` process.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureIo } from "../../generator/commands/io.js";
import { EMITTERS } from "../../generator/emit/index.js";
import { validatedStamp, type Manifest } from "../../generator/pipeline/manifest.js";
import { sharedSettings } from "../../generator/pipeline/settings.js";
import { checkUpToDate } from "../../generator/pipeline/up-to-date.js";
import { ROOT } from "../helpers/catalog.js";
import { hcgen, mtimes, snapshot, tempProject } from "./helpers.js";

const MANIFEST = ".hcgen-manifest.json";
const manifestOf = (dir: string, out = "generated"): Manifest & Record<string, unknown> => JSON.parse(readFileSync(join(dir, out, MANIFEST), "utf8"));
const writeManifest = (dir: string, m: unknown) => writeFileSync(join(dir, "generated", MANIFEST), JSON.stringify(m, null, 2) + "\n");
const append = (file: string, text: string) => writeFileSync(file, readFileSync(file, "utf8") + text);

/** What checkUpToDate says for `generate ARGS` in `dir`: the result, or the reason for the full path. */
function verdict(dir: string, ...args: string[]) {
  const only = args.indexOf("--only"), rt = args.indexOf("--runtime-import"), config = args.indexOf("--config");
  const a = sharedSettings({ ...(only >= 0 ? { only: args[only + 1] } : {}), ...(rt >= 0 ? { "runtime-import": args[rt + 1] } : {}),
    ...(config >= 0 ? { config: args[config + 1] } : {}) }, [], captureIo(dir));
  return checkUpToDate({ inputs: a.inputs, outDir: a.outDir, cwd: a.root, kinds: a.kinds, options: a.options });
}

/** Counts the emitter parts that run (none on the shortcut). */
function spyParts(): () => number {
  const spies = EMITTERS.flatMap((e) => [vi.spyOn(e.parts!, "abi"), vi.spyOn(e.parts!, "shared")]);
  return () => spies.reduce((n, s) => n + s.mock.calls.length, 0);
}
afterEach(() => { vi.restoreAllMocks(); });

/** The tree a full (--no-incremental) generation of `dir`'s spec directory (lock included) writes, in a fresh copy. */
async function fullTree(dir: string, ...args: string[]): Promise<Map<string, string>> {
  const copy = tempProject();
  rmSync(join(copy, "spec"), { recursive: true });
  cpSync(join(dir, "spec"), join(copy, "spec"), { recursive: true });
  const r = await hcgen(copy, "generate", "--no-incremental", ...args);
  expect(r.code, r.stderr).toBe(0);
  return snapshot(join(copy, "generated"));
}

/** A generated project whose next generate takes the shortcut. */
async function upToDateProject(): Promise<string> {
  const dir = tempProject();
  const first = await hcgen(dir, "generate");
  expect(first.code, first.stderr).toBe(0);
  expect(typeof verdict(dir)).toBe("object");
  return dir;
}

/** Runs generate and checks it took the full path (emitter parts ran or diskReuse was consulted) and left a full generation's tree. */
async function fullPathRestores(dir: string, ...args: string[]) {
  return fullPathAs(dir, args, args);
}

/** fullPathRestores, the full generation run with `fullArgs` (what a config file in `dir` says). */
async function fullPathAs(dir: string, args: string[], fullArgs: string[]) {
  const before = verdict(dir, ...args);
  expect(typeof before, JSON.stringify(before)).toBe("string");
  const r = await hcgen(dir, "generate", ...args);
  expect(r.code, r.stderr).toBe(0);
  expect(snapshot(join(dir, "generated"))).toEqual(await fullTree(dir, ...fullArgs));
  return { reason: before as string, run: r };
}

describe("the up-to-date shortcut", () => {
  it("reports what the full path reports, runs no emitter part and touches no file (the manifest included)", async () => {
    const dir = await upToDateProject();
    // The full path's report for this very state: drop only the record, so that run cannot take the shortcut.
    const m = manifestOf(dir);
    const { validated, ...withoutRecord } = m;
    expect(validated).toMatch(/^sha256:[0-9a-f]{32}$/);
    writeManifest(dir, withoutRecord);
    expect(verdict(dir)).toBe("the manifest has no validation record");
    const full = await hcgen(dir, "generate");
    expect(manifestOf(dir).validated).toBe(validated);
    const tree = snapshot(join(dir, "generated")), times = mtimes(join(dir, "generated"));
    const ran = spyParts();
    const fast = await hcgen(dir, "generate");
    expect(ran()).toBe(0);
    expect(fast).toEqual(full);
    expect(fast.stdout).toMatch(/^hcgen: (\d+) files: 0 written, \1 unchanged, 0 removed \(generated\/\); (\d+) of \2 emitter parts up to date, not run\n$/);
    expect(snapshot(join(dir, "generated"))).toEqual(tree);
    expect(mtimes(join(dir, "generated"))).toEqual(times);
    const v = verdict(dir);
    const files = manifestOf(dir).files;
    expect(v).toEqual({ total: [...tree.keys()].filter((p) => p !== MANIFEST).length, parts: Number(/(\d+) of/.exec(fast.stdout)![1]),
      files: new Map(files.map((f) => [f.path, f.sha256])) });
  });

  it("a changed, added or removed spec takes the full path", async () => {
    const dir = await upToDateProject();
    append(join(dir, "spec/demo.yaml"), "# a comment changes the bytes, not the model\n");
    expect((await fullPathRestores(dir)).reason).toBe("the inputs or the manifest's entries differ from the record");
    const demo = readFileSync(join(dir, "spec/demo.yaml"), "utf8");
    writeFileSync(join(dir, "spec/other.yaml"), demo.replace("id: demo\n", "id: other\n"));
    await fullPathRestores(dir);
    expect(snapshot(join(dir, "generated")).has("ts/other.ts")).toBe(true);
    rmSync(join(dir, "spec/other.yaml"));
    await fullPathRestores(dir);
    expect(snapshot(join(dir, "generated")).has("ts/other.ts")).toBe(false);
    expect(typeof verdict(dir)).toBe("object");
    // The same spec twice is an error (HC118), though its bytes are the recorded ones.
    const twice = await hcgen(dir, "generate", "spec", "spec/demo.yaml");
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("HC118");
  });

  it("an option, --only, a config file, --no-incremental and --force take the full path", async () => {
    const dir = await upToDateProject();
    const { run } = await fullPathRestores(dir, "--runtime-import", "my-runtime");
    expect(run.stdout).toMatch(/[1-9]\d* written/);
    expect(readFileSync(join(dir, "generated/ts/demo.ts"), "utf8")).toContain("my-runtime");
    expect(typeof verdict(dir, "--runtime-import", "my-runtime")).toBe("object");
    // Back to the default: the record of the other options does not match any more.
    await fullPathRestores(dir);
    // --only: the record names the kinds it covers.
    expect(typeof verdict(dir, "--only", "ts")).toBe("string");
    expect((await hcgen(dir, "generate", "--only", "ts")).code).toBe(0);
    expect(typeof verdict(dir, "--only", "ts")).toBe("object");
    expect(typeof verdict(dir)).toBe("string");
    await fullPathRestores(dir);
    // A config file's options are inputs too.
    writeFileSync(join(dir, "hcgen.config.yaml"), "runtimeImport: from-config\n");
    await fullPathAs(dir, [], ["--runtime-import", "from-config"]);
    expect(readFileSync(join(dir, "generated/ts/demo.ts"), "utf8")).toContain("from-config");
    rmSync(join(dir, "hcgen.config.yaml"));
    await fullPathRestores(dir);
    // The flags that ask for a full run get one, even when the shortcut would apply.
    expect(typeof verdict(dir)).toBe("object");
    for (const flag of ["--no-incremental", "--force"]) {
      const ran = spyParts();
      const r = await hcgen(dir, "generate", flag);
      expect(r.code, r.stderr).toBe(0);
      expect(ran(), flag).toBeGreaterThan(0);
      expect(r.stdout, flag).not.toContain("up to date");
      vi.restoreAllMocks();
    }
  });

  it("a deleted, edited or replaced output takes the full path, which puts it back", async () => {
    const dir = await upToDateProject();
    const tree = snapshot(join(dir, "generated"));
    rmSync(join(dir, "generated/c/demo.h"));
    expect((await fullPathRestores(dir)).reason).toBe("c/demo.h is missing");
    writeFileSync(join(dir, "generated/ts/demo.ts"), tree.get("ts/demo.ts")!.replace("export", "export /* mine */"));
    const edited = await fullPathRestores(dir);
    expect(edited.reason).toBe("ts/demo.ts differs from the manifest");
    expect(edited.run.stdout).toContain(": 1 written");
    // A directory where a file was: the full path reports it as it always has.
    rmSync(join(dir, "generated/json/demo.json"));
    mkdirSync(join(dir, "generated/json/demo.json"));
    expect(verdict(dir)).toBe("json/demo.json is not a regular file");
    const refused = await hcgen(dir, "generate");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("json/demo.json");
    rmSync(join(dir, "generated/json/demo.json"), { recursive: true });
    await fullPathRestores(dir);
    expect(snapshot(join(dir, "generated"))).toEqual(tree);
  });

  it("a manifest edited by hand takes the full path: an entry, the specs map, the record, the layout", async () => {
    const dir = await upToDateProject();
    const tree = snapshot(join(dir, "generated"));
    const m = manifestOf(dir);
    const edits: [string, (m: Manifest & Record<string, unknown>) => unknown][] = [
      ["an entry dropped", (x) => ({ ...x, files: x.files.filter((e) => e.path !== "docs/demo.md") })],
      ["an entry's hash", (x) => ({ ...x, files: x.files.map((e) => (e.path === "docs/demo.md" ? { ...e, sha256: "0".repeat(64) } : e)) })],
      ["an entry's stamp", (x) => ({ ...x, files: x.files.map((e) => (e.path === "docs/demo.md" ? { ...e, input: x.files.find((f) => f.path === "ts/demo.ts")!.input } : e)) })],
      ["the specs map", (x) => ({ ...x, specs: { "spec/demo.yaml": "sha256:0000000000000000" } })],
      ["the record", (x) => ({ ...x, validated: `sha256:${"0".repeat(32)}` })],
      ["the generator", (x) => ({ ...x, generator: `sha256:${"0".repeat(32)}` })],
    ];
    for (const [what, edit] of edits) {
      writeManifest(dir, edit(m));
      const { reason } = await fullPathRestores(dir);
      expect(reason, what).toMatch(/record|the manifest is not the one|another generator/);
      expect(snapshot(join(dir, "generated")), what).toEqual(tree);
    }
    // Same content, other layout: not what a run writes, so the full path rewrites it.
    writeFileSync(join(dir, "generated", MANIFEST), JSON.stringify(m) + "\n");
    expect((await fullPathRestores(dir)).reason).toBe("the manifest is not the one a run would write");
    expect(snapshot(join(dir, "generated"))).toEqual(tree);
    // Not a manifest at all: the full path's error, as before.
    writeFileSync(join(dir, "generated", MANIFEST), "{");
    expect(verdict(dir)).toMatch(/^the manifest: /);
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not valid JSON");
  });

  it("the lock file is an input: a changed lock that makes the specs invalid is reported, never skipped", async () => {
    const dir = tempProject();
    expect((await hcgen(dir, "allocate", "--update-lock")).code).toBe(0);
    expect((await hcgen(dir, "generate")).code).toBe(0);
    expect(typeof verdict(dir)).toBe("object");
    const lock = join(dir, "spec/hcgen.lock");
    const text = readFileSync(lock, "utf8");
    // Pin demo_version to another number: the spec no longer agrees with its lock (HC301, an error).
    const line = text.split("\n").find((l) => l.includes("demo_version:"))!;
    const repinned = line.replace(/function=0x0\b/, "function=0x7");
    expect(repinned).not.toBe(line);
    writeFileSync(lock, text.replace(line, repinned));
    expect(verdict(dir)).toBe("the inputs or the manifest's entries differ from the record");
    const r = await hcgen(dir, "generate");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("HC301");
    writeFileSync(lock, text);
    expect(typeof verdict(dir)).toBe("object");
  });

  it("a spec with a warning never records: every run validates it again and prints the warning", async () => {
    const dir = tempProject();
    expect((await hcgen(dir, "allocate", "--update-lock")).code).toBe(0);
    const lock = join(dir, "spec/hcgen.lock");
    // A call the lock does not pin is a warning (HC301), not an error: generate writes the files.
    writeFileSync(lock, readFileSync(lock, "utf8").split("\n").filter((l) => !l.includes("demo_big_constant:")).join("\n"));
    for (let i = 0; i < 2; i++) {
      const r = await hcgen(dir, "generate");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain("'demo_big_constant' is not pinned");
      expect(manifestOf(dir).validated).toBeUndefined();
      expect(verdict(dir)).toBe("the manifest has no validation record");
    }
    expect(snapshot(join(dir, "generated"))).toEqual(await fullTree(dir));
  });

  it("an interrupted run's leftovers take the full path, which reports them as before", async () => {
    const dir = await upToDateProject();
    writeFileSync(join(dir, "generated/ts/.hcgen-tmp-demo.ts-1-deadbeef"), "half a file");
    expect(verdict(dir)).toBe("an interrupted run left temporary files");
    const r = await hcgen(dir, "generate");
    expect(r.stderr).toContain("removed 1 temporary file left by an interrupted earlier run");
    expect(typeof verdict(dir)).toBe("object");
  });

  it("is only as trusted as diskReuse: a forged file, hash and record pass, and check still finds it", async () => {
    // Nothing signs a manifest: whoever rewrites a file, its hash and the record (all computable)
    // gets the shortcut, as they get diskReuse. check renders and compares, so CI still sees it.
    const dir = await upToDateProject();
    const file = join(dir, "generated/json/demo.json");
    const text = readFileSync(file, "utf8").replace("\"demo\"", "\"forged\"");
    writeFileSync(file, text);
    const m = manifestOf(dir);
    const { createHash } = await import("node:crypto");
    const files = m.files.map((e) => (e.path === "json/demo.json" ? { ...e, sha256: createHash("sha256").update(text).digest("hex") } : e));
    // The record over the forged entries, from the inputs digest anyone can compute with hcgen's code.
    const { inputsDigest, lockInputs } = await import("../../generator/pipeline/up-to-date.js");
    const { generatorId } = await import("../../generator/pipeline/generator-id.js");
    const { schemaInUse } = await import("../../generator/schema-check.js");
    const a = sharedSettings({}, [], captureIo(dir));
    const specBytes = new Map([["spec/demo.yaml", readFileSync(join(dir, "spec/demo.yaml"))]]);
    const inputs = inputsDigest(specBytes, lockInputs(specBytes.keys(), a.root)!, schemaInUse()!,
      { generator: generatorId()!, kinds: a.kinds, options: a.options, cwd: a.root });
    expect(validatedStamp(inputs, m.files, ["ts", "c", "docs", "json"])).toBe(m.validated);
    writeManifest(dir, { ...m, validated: validatedStamp(inputs, files, ["ts", "c", "docs", "json"]), files });
    expect(typeof verdict(dir)).toBe("object");
    const c = await hcgen(dir, "check");
    expect(c.code).toBe(1);
    expect(c.stdout + c.stderr).toContain("json/demo.json: stale");
    expect((await hcgen(dir, "generate", "--no-incremental")).stdout).toContain("1 written");
  });
});

describe("the light modules the shortcut loads instead of the heavy ones", () => {
  it("name the same template directory, schema, lock file and output kinds", async () => {
    const [gid, templates, schemaFile, schemaCheck, specFiles, lock, kinds, emit] = await Promise.all([
      import("../../generator/pipeline/generator-id.js"), import("../../generator/emit/docs/templates.js"),
      import("../../generator/schema-file.js"), import("../../generator/schema-check.js"), import("../../generator/spec-files.js"),
      import("../../generator/evolution/lock.js"), import("../../generator/output-kinds.js"), import("../../generator/emit/index.js")]);
    expect(gid.TEMPLATE_DIR).toBe(templates.TEMPLATE_DIR);
    expect(schemaFile.SCHEMA_URL.href).toBe(schemaCheck.SCHEMA_URL.href);
    expect(specFiles.LOCK_NAME).toBe(lock.LOCK_NAME);
    expect(kinds.OUTPUT_KINDS).toEqual([...new Set(emit.EMITTERS.map((e) => e.kind))]);
  });
});

describe("an up-to-date generate process", () => {
  it("loads no emitter, no model builder and no writer, and prints what the full run printed", () => {
    const dir = tempProject();
    const log = join(dir, "loaded.txt");
    const hooks = `import { appendFileSync } from "node:fs";
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + "\\n"); return next(url, context); }`;
    writeFileSync(join(dir, "hooks.mjs"), hooks);
    writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`);
    const run = (hooked: boolean) => spawnSync(process.execPath, [...(hooked ? ["--import", pathToFileURL(join(dir, "register.mjs")).href] : []),
      // The module tree: a hook sees its modules (the bundle, test/cli/bundle.test.ts, is one file).
      join(ROOT, "bin", "hcgen.js"), "generate"], { cwd: dir, encoding: "utf8", env: { ...process.env, HCGEN_NO_BUNDLE: "1" } });
    expect(run(false).status).toBe(0);
    const m = manifestOf(dir);
    // The build in dist/ is stamped by `npm run build` (generator-id.ts): without the stamp nothing is recorded.
    expect(m.validated, "run `npm run build` first").toMatch(/^sha256:/);
    const { validated: _dropped, ...bare } = m;
    writeManifest(dir, bare);
    const again = run(false);
    expect(again.status, again.stderr).toBe(0);
    const fast = run(true);
    expect(fast.status, fast.stderr).toBe(0);
    expect(fast.stdout).toBe(again.stdout);
    expect(fast.stderr).toBe(again.stderr);
    const loaded = readFileSync(log, "utf8").split("\n").filter((u) => u.includes("/dist/generator/")).map((u) => u.replace(/^.*\/dist\/generator\//, ""));
    expect(loaded).toContain("pipeline/up-to-date.js");
    for (const heavy of ["emit/index.js", "emit/ts.js", "emit/c.js", "emit/docs.js", "emit/json.js", "api.js", "build-model.js", "pipeline/run.js", "pipeline/write.js", "pipeline/render.js"]) {
      expect(loaded, heavy).not.toContain(heavy);
    }
  });
});

// Commands are imported when they run (issue 16: module loading was a sixth of a cold generate).
// The table still names every command, the overview and `--help` read the same modules, and a
// `generate` process loads none of the other commands' machinery (observed through a module hook
// in a real `bin/hcgen.js` process, which runs the build in dist/).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { GLOBAL_HELP, main } from "../../generator/cli.js";
import { COMMAND_NAMES, loadAllCommands, loadCommand } from "../../generator/commands/index.js";
import { captureIo } from "../../generator/commands/io.js";
import { FIXTURES, ROOT } from "../helpers/catalog.js";

async function cli(...args: string[]) {
  const io = captureIo(ROOT);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}
const made: string[] = [];
afterEach(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe("the command table", () => {
  it("loads each command by its own name, and nothing for other names (constructor, toString)", async () => {
    expect(COMMAND_NAMES).toEqual(["init", "validate", "model", "generate", "check", "watch", "allocate", "diff", "decode", "trace", "serve", "conform"]);
    for (const n of COMMAND_NAMES) expect((await loadCommand(n))!.name).toBe(n);
    for (const n of ["constructor", "toString", "__proto__", "hasOwnProperty"]) expect(loadCommand(n)).toBeUndefined();
    const r = await cli("constructor");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^hcgen: unknown command 'constructor'/);
  });
  it("the overview lists every command with its summary, in table order", async () => {
    const r = await cli("--help");
    expect(r.code).toBe(0);
    const listed = r.out.split("\n").filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s{2,}/));
    expect(listed).toEqual((await loadAllCommands()).map((c) => [c.name, c.summary]));
  });
  it("`help NAME` and `NAME --help` print that command's help", async () => {
    const generate = (await loadCommand("generate"))!;
    expect((await cli("help", "generate")).out).toBe(generate.help + GLOBAL_HELP + "\n");
    expect((await cli("generate", "--help")).out).toBe(generate.help + GLOBAL_HELP + "\n");
  });
});

/** The dist/generator module URLs a real `bin/hcgen.js ARGS` process loads (seen through a module hook). */
function modulesLoadedBy(args: (dir: string) => string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "hcgen-lazy-"));
  made.push(dir);
  const log = join(dir, "loaded.txt");
  // A module hook (runs on its own thread) appending every URL it loads to `log`.
  const hooks = `import { appendFileSync } from "node:fs";
export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + "\\n"); return next(url, context); }`;
  writeFileSync(join(dir, "hooks.mjs"), hooks);
  writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`);
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(join(dir, "register.mjs")).href, join(ROOT, "bin", "hcgen.js"), ...args(dir)],
    // The module tree (the bundle, test/cli/bundle.test.ts, evaluates its modules lazily too, but no hook sees them).
    { cwd: dir, encoding: "utf8", env: { ...process.env, HCGEN_NO_BUNDLE: "1" } });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, "utf8").split("\n").filter((u) => u.includes("/dist/generator/"));
}

describe("a generate process", () => {
  it("loads generate's modules and none of serve, conform, decode, trace, diff, allocate", () => {
    const loaded = modulesLoadedBy((dir) => ["generate", "--out", join(dir, "out"), join(FIXTURES, "valid", "demo.yaml")]);
    expect(loaded.some((u) => u.endsWith("/commands/generate.js"))).toBe(true);
    expect(loaded.some((u) => u.endsWith("/emit/docs.js"))).toBe(true);
    const others = loaded.filter((u) => /\/commands\/(serve|conform|decode|trace|diff|allocate|init|watch)\.js$|\/(serve|conform|observe|init)\/|\/evolution\/(compare|report|rules|allocate)\.js$/.test(u));
    expect(others).toEqual([]);
  });
});

describe("a validate process", () => {
  it("loads no emitter (the config's output kinds come from output-kinds.ts)", () => {
    const loaded = modulesLoadedBy(() => ["validate", join(FIXTURES, "valid", "demo.yaml")]);
    expect(loaded.some((u) => u.endsWith("/commands/validate.js"))).toBe(true);
    expect(loaded.some((u) => u.endsWith("/generator/output-kinds.js"))).toBe(true);
    expect(loaded.filter((u) => /\/emit\/(index|docs|ts|c|json)\.js$|\/emit\/docs\//.test(u))).toEqual([]);
  });
});

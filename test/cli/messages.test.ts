// Usage errors in hcgen's words, with the closest known command or option: exact output, exit 2.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli.js";
import { COMMAND_NAMES } from "../../generator/commands/index.js";
import { captureIo } from "../../generator/commands/io.js";
import { ROOT } from "../helpers/catalog.js";

const CASES: [string[], string][] = [
  [["validate", "--quiet"], "hcgen validate: unknown option --quiet; options: --format, --config, --no-cache, --color, --help\nRun `hcgen validate --help` for usage.\n"],
  [["validate", "--formt", "json"], "hcgen validate: unknown option --formt (did you mean --format?); options: --format, --config, --no-cache, --color, --help\nRun `hcgen validate --help` for usage.\n"],
  [["validate", "--format"], "hcgen validate: --format needs a value (--format VALUE)\nRun `hcgen validate --help` for usage.\n"],
  [["validate", "--format", "xml"], "hcgen validate: unknown --format 'xml' (choose text or json)\nRun `hcgen validate --help` for usage.\n"],
  [["model", "--json=1"], "hcgen model: --json takes no value\nRun `hcgen model --help` for usage.\n"],
  [["validate", "--colour", "always"], "hcgen validate: unknown option --colour (did you mean --color?); options: --format, --config, --no-cache, --color, --help\nRun `hcgen validate --help` for usage.\n"],
  [["trace", "extra"], "hcgen trace: unexpected argument 'extra': this command takes only options\nRun `hcgen trace --help` for usage.\n"],
];

describe("usage errors", () => {
  it.each(CASES)("hcgen %j", async (args, want) => {
    const io = captureIo(ROOT);
    expect(await main(args, io)).toBe(2);
    expect(io.stdout).toBe("");
    expect(io.stderr).toBe(want);
  });

  it("an unknown command names the closest one", async () => {
    const io = captureIo(ROOT);
    expect(await main(["valdate"], io)).toBe(2);
    expect(io.stderr.split("\n")[0]).toBe("hcgen: unknown command 'valdate' (did you mean 'validate'?)");
    const far = captureIo(ROOT);
    await main(["xyzzy"], far);
    expect(far.stderr.split("\n")[0]).toBe("hcgen: unknown command 'xyzzy'");
  });
});

describe("--help", () => {
  it("names where the spec language reference is, from the user's directory", async () => {
    const io = captureIo(ROOT);
    expect(await main(["--help"], io)).toBe(0);
    expect(io.stdout).toContain("Spec language: spec/LANGUAGE.md.");
    // A fresh directory: never an ancestor of the checkout (a clone under /tmp would make tmpdir() one).
    const elsewhere = captureIo(mkdtempSync(join(tmpdir(), "hcgen-help-")));
    await main(["--help"], elsewhere);
    expect(elsewhere.stdout).toContain(`Spec language: ${ROOT}spec/LANGUAGE.md.`);
  });
});

describe("--color, an option of every command", () => {
  it.each(COMMAND_NAMES)("hcgen %s --help lists it (and so does hcgen help)", async (name) => {
    for (const args of [[name, "--help"], ["help", name]]) {
      const io = captureIo(ROOT);
      expect(await main(args, io)).toBe(0);
      expect(io.stdout).toMatch(/^global options \(every command\):\n  --color WHEN {12}colour diagnostics: auto \(default\), always or never;/m);
    }
  });

  it("the overview says the same", async () => {
    const io = captureIo(ROOT);
    await main(["--help"], io);
    expect(io.stdout).toContain("Every command takes --color auto|always|never");
    expect(io.stdout).toContain("listed under \"global options\" in each");
  });
});

describe("hcgen help with an unknown topic", () => {
  it("is a usage error with a suggestion, as the unknown command itself is", async () => {
    const io = captureIo(mkdtempSync(join(tmpdir(), "hcgen-help-")));
    expect(await main(["help", "genrate"], io)).toBe(2);
    expect(io.stdout).toBe("");
    expect(io.stderr).toMatch(/^hcgen help: unknown command 'genrate' \(did you mean 'generate'\?\)/);
  });
});

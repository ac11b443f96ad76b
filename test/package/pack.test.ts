// The proof that the package works for every consumer, from outside this repository: pack it, install
// the tarball ONCE into a fresh project under the OS temp dir (no path back to our sources), and use it
// the ways users do:
//  - the project is what `npm init -y` writes ("type": "commonjs"), so plain `require("hcgen/runtime")`
//    works; its esm/ subdirectory ("type": "module") is an ES module consumer of the same install;
//  - both follow the README (hcgen init, hcgen generate, hcgen check) and compile a host program that
//    imports hcgen, hcgen/runtime, hcgen/catalog and the generated TypeScript, with tsc under module
//    nodenext, node16 and bundler, strict and without skipLibCheck; the nodenext build runs under node;
//  - the tarball holds what the README links to (LICENSE, runtime/README.md, examples/) and no sources
//    of ours, and installing it runs no build (no install scripts);
//  - the installed `hcgen` starts quickly (the figure is printed; the bound is only a sanity guard).
// Slow (an npm install): dependencies come from npm's cache (--prefer-offline; `npm ci` filled it),
// the registry is only asked for what is missing.
//
// `npm pack --ignore-scripts` packs the dist/ that `npm ci` (postprepare) built: rebuilding here would
// rewrite dist/ under the feet of tests running in parallel (test/global-setup.ts rebuilds a stale dist/ once, first).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/catalog.js";
import { checkTools } from "../helpers/tools.js";

const work = mkdtempSync(join(tmpdir(), "hcgen-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** npm passes its own settings to the scripts it runs (npm test); keep them out of the nested npm. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
  !/^npm_(package|lifecycle)_/i.test(k) && !/^npm_config_(local_prefix|prefix|global)$/i.test(k) && k !== "INIT_CWD"));
Object.assign(env, { npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false", NO_COLOR: "1" });

function run(cwd: string, cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
  const said = `$ ${cmd} ${args.join(" ")} (in ${cwd})\n${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`;
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${said}`);
  return r.stdout;
}
const versionOf = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

const app = join(work, "app");         // CommonJS, as `npm init -y` writes it
const esm = join(app, "esm");          // an ES module project using the same node_modules
const hcgenBin = join(app, "node_modules", ".bin", "hcgen");
let files: string[] = [];
let packedJson: { scripts?: Record<string, string>; repository?: { url: string }; homepage?: string };

beforeAll(() => {
  expect(existsSync(join(ROOT, "dist/cjs/runtime/index.js")), "dist/ is missing or old: run npm run build").toBe(true);
  const packed = JSON.parse(run(ROOT, "npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work])) as { filename: string; files: { path: string }[] }[];
  files = packed[0]!.files.map((f) => f.path);
  const tgz = join(work, packed[0]!.filename);
  mkdirSync(esm, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", main: "index.js", type: "commonjs", license: "ISC" }, null, 2));
  writeFileSync(join(esm, "package.json"), JSON.stringify({ name: "app-esm", private: true, type: "module" }, null, 2));
  run(app, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tgz, `typescript@${versionOf("typescript")}`, `@types/node@${versionOf("@types/node")}`]);
  packedJson = JSON.parse(readFileSync(join(app, "node_modules/hcgen/package.json"), "utf8")) as typeof packedJson;
}, 400_000);

describe("the tarball", () => {
  it("holds what users need and what the README links to, and none of our sources", () => {
    for (const f of ["bin/hcgen.js", "LICENSE", "README.md", "runtime/README.md", "examples/pvdemo/README.md", "examples/pvdemo/spec/pvdemo.yaml",
      "spec/hcgen.schema.json", "spec/LANGUAGE.md", "dist/generator/index.d.ts", "dist/runtime/index.js", "dist/runtime/index.d.ts",
      "dist/cjs/package.json", "dist/cjs/runtime/index.js", "dist/cjs/runtime/index.d.ts", "dist/cjs/generator/index.js",
      // hcgen conform: the guest's platform files, the example plans, the command itself
      "conform/riscv64-virt/start.S", "conform/riscv64-virt/link.ld", "conform/riscv64-virt/platform.h",
      "examples/conform/riscv-sbi.yaml", "examples/pvdemo/conform.yaml", "dist/generator/commands/conform.js"]) expect(files).toContain(f);
    const ours = files.filter((f) => /^(test|bench|scripts|\.ci|build|node_modules)\//.test(f) || /^(generator|runtime|generated)\/.*\.ts$/.test(f) || /^tsconfig/.test(f));
    expect(ours).toEqual([]);
    expect(readFileSync(join(app, "node_modules/hcgen/LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  it("runs nothing on install (it ships the built files) and says where it comes from", () => {
    const scripts = packedJson.scripts ?? {};
    expect(Object.keys(scripts).filter((s) => /^(pre|post)?install$/.test(s))).toEqual([]);
    expect(scripts.prepack).toBe("npm run build");
    expect(packedJson.repository?.url).toMatch(/^git\+https:\/\/.+\.git$/);
    expect(packedJson.homepage).toBe(packedJson.repository!.url.replace(/^git\+/, "").replace(/\.git$/, "#readme"));
    expect(existsSync(join(app, "node_modules/hcgen/node_modules/typescript"))).toBe(false);
  });
});

describe("a CommonJS project", () => {
  it("require()s hcgen, hcgen/runtime and the catalog, sharing one instance with import()", () => {
    writeFileSync(join(app, "plain.js"), `const runtime = require("hcgen/runtime");
const { validate } = require("hcgen");
const { riscvSbiAbi } = require("hcgen/catalog/riscv-sbi");
const m = new runtime.Machine({ abis: [riscvSbiAbi] });
console.log("require:", typeof validate, riscvSbiAbi.id, typeof m.createVcpu("riscv64"));
import("hcgen/runtime").then((esm) => console.log("one instance:", esm.Machine === runtime.Machine));
`);
    const out = run(app, "node", ["plain.js"]);
    expect(out).toContain("require: function riscv-sbi object");
    expect(out).toContain("one instance: true");
    expect(out).not.toContain("ExperimentalWarning");
  });
});

/** One host program for both projects: the library, the runtime, the catalog and generated code. */
const HOST = `import { Machine, formatTrace } from "hcgen/runtime";
import { validate, type Diagnostic } from "hcgen";
import { riscvSbiAbi } from "hcgen/catalog/riscv-sbi";
import { ALL_ABIS } from "hcgen/catalog";
import { myAbiAbi, myAbiStubs } from "./generated/ts/index.js";

const m = new Machine({ abis: [myAbiAbi, riscvSbiAbi] });
m.tracer = (e) => console.log(formatTrace(e).replace(/ <[\\d.]+ms>$/, ""));
m.registerHypercall(myAbiAbi, "my_abi_echo", ({ value }) => ({ value: value + 1n }));
const r = myAbiStubs.x86_64.my_abi_echo(m.createVcpu("x86_64"), { value: 41n });
console.log("echo:", r.status, r.results.value);
const v = validate();                  // the specs hcgen.config.yaml names
const diags: readonly Diagnostic[] = v.diagnostics;
console.log("validate:", v.ok, v.calls, diags.length);
console.log("catalog:", riscvSbiAbi.id, ALL_ABIS.length > 1);
console.log("module:", typeof require === "function" ? "commonjs" : "esm");
`;

/**
 * The module settings users have. The nodenext run also checks our declaration files themselves
 * (skipLibCheck false: the ES ones in the ESM project, the CommonJS copies in the CommonJS one); that
 * is most of tsc's time, so the other two check only how the consumer's imports resolve and type.
 */
const TSCONFIGS: Record<string, Record<string, unknown>> = {
  nodenext: { module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: false },
  node16: { module: "Node16", moduleResolution: "Node16", skipLibCheck: true },
  bundler: { module: "ESNext", moduleResolution: "Bundler", skipLibCheck: true },
};

function typeCheckAndRun(dir: string, kind: "commonjs" | "esm") {
  const timings: string[] = [];
  for (const [name, resolution] of Object.entries(TSCONFIGS)) {
    writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: {
      target: "ES2022", ...resolution, strict: true, exactOptionalPropertyTypes: true,
      types: ["node"], rootDir: ".", outDir: "build", ...(name === "nodenext" ? {} : { noEmit: true }) },
    include: ["host.ts", "generated/ts/**/*.ts"] }, null, 2));
    const t = Date.now();
    run(dir, "node", [join(app, "node_modules/typescript/bin/tsc"), "-p", `tsconfig.${name}.json`]);
    timings.push(`${name} ${((Date.now() - t) / 1000).toFixed(1)}s`);
  }
  console.log(`pack proof (${kind}): tsc ${timings.join(", ")}`);
  const out = run(dir, "node", ["build/host.js"]);
  expect(out).toContain("[x86_64] my-abi.my_abi_echo(value=0x29) = MY_ABI_SUCCESS {value=0x2a}");
  expect(out).toContain("echo: MY_ABI_SUCCESS 42");
  expect(out).toContain("validate: true 1 0");
  expect(out).toContain("catalog: riscv-sbi true");
  expect(out).toContain(`module: ${kind}`);
}

describe("following the README", () => {
  it("CommonJS: hcgen init, generate, check; the host type-checks (nodenext, node16, bundler) and runs", () => {
    expect(run(app, hcgenBin, ["init"])).toContain("created spec/my-abi.yaml");
    expect(readFileSync(join(app, "spec/my-abi.yaml"), "utf8")).toContain("$schema=../node_modules/hcgen/spec/hcgen.schema.json");
    expect(run(app, hcgenBin, ["generate"])).toMatch(/hcgen: \d+ files: \d+ written/);
    expect(readFileSync(join(app, "generated/ts/my-abi.ts"), "utf8")).toContain('from "hcgen/runtime"');
    expect(run(app, hcgenBin, ["check"])).toContain("up to date");
    writeFileSync(join(app, "host.ts"), HOST);
    typeCheckAndRun(app, "commonjs");
  }, 400_000);

  it("ES modules: a config naming spec: [abi] drives validate, model, diff and generate; the host type-checks (nodenext, node16, bundler) and runs", () => {
    mkdirSync(join(esm, "abi"), { recursive: true });
    writeFileSync(join(esm, "abi", "my-abi.yaml"), readFileSync(join(app, "spec/my-abi.yaml")));
    writeFileSync(join(esm, "hcgen.config.yaml"), "spec: [abi]\nout: generated\n");
    expect(run(esm, hcgenBin, ["validate"])).toBe("ok: 1 ABI, 1 calls\n");
    expect((JSON.parse(run(esm, hcgenBin, ["model", "--json"])) as { abis: { file: string }[] }).abis.map((a) => a.file)).toEqual(["abi/my-abi.yaml"]);
    expect(run(esm, hcgenBin, ["diff", "--against", "abi"])).toBe("no changes against abi\n");
    expect(run(esm, hcgenBin, ["generate"])).toMatch(/hcgen: \d+ files: \d+ written, .*\(generated\/\)/);
    writeFileSync(join(esm, "host.ts"), HOST);
    typeCheckAndRun(esm, "esm");
  }, 400_000);

  // The platform files hcgen conform needs come from the package, not from a clone's test/.
  const clang = checkTools("clang", "the installed package's hcgen conform --build-only", ["clang", "ld.lld"]);
  it.skipIf(clang.skip)(`hcgen conform --build-only builds the shipped example plans' guests from node_modules/hcgen (needs clang, lld)${clang.note}`, () => {
    for (const plan of ["examples/conform/riscv-sbi.yaml", "examples/pvdemo/conform.yaml"]) {
      const keep = join(work, "conform-" + plan.replace(/\W/g, "_"));
      expect(run(app, hcgenBin, ["conform", join("node_modules/hcgen", plan), "--build-only", "--keep", keep])).toContain(`hcgen conform: built ${join(keep, "guest.elf")}`);
    }
  }, 120_000);

  it("the installed hcgen starts at once (--help, validate)", () => {
    const timed = (args: string[]) => { const t = process.hrtime.bigint(); const out = run(app, hcgenBin, args); return { out, ms: Number(process.hrtime.bigint() - t) / 1e6 }; };
    const help = timed(["--help"]);
    const validate = timed(["validate"]);
    expect(help.out).toContain("usage: hcgen <command>");
    expect(help.out).toContain("Spec language: node_modules/hcgen/spec/LANGUAGE.md.");
    expect(validate.out).toContain("ok: 1 ABI, 1 calls");
    console.log(`pack proof: installed hcgen --help ${help.ms.toFixed(0)} ms, validate ${validate.ms.toFixed(0)} ms`);
    // A sanity guard against e.g. a build or an npx install on every start, not a performance test.
    expect(help.ms + validate.ms).toBeLessThan(20_000);
  });
});

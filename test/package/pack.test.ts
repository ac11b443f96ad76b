// The proof that "hcgen for your own ABI" works from outside this repository: pack the package,
// install the tarball into a fresh project under the OS temp dir (no path back to our sources), and
// follow the README's steps: hcgen init, hcgen generate, tsc over the output, a handler run through
// the runtime. Slow (an npm install): dependencies come from npm's cache (--prefer-offline; `npm ci`
// filled it), the registry is only asked for what is missing.
//
// `npm pack --ignore-scripts` packs the dist/ that `npm ci` (prepare) built: rebuilding here would
// rewrite dist/ under the feet of tests running in parallel. Run `npm run build` after editing sources.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { ROOT } from "../helpers/catalog.js";

const work = mkdtempSync(join(tmpdir(), "hcgen-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** npm passes its own settings to the scripts it runs (npm test); keep them out of the nested npm. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
  !/^npm_(package|lifecycle)_/i.test(k) && !/^npm_config_(local_prefix|prefix|global)$/i.test(k) && k !== "INIT_CWD"));
Object.assign(env, { npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false" });

function run(cwd: string, cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
  const said = `$ ${cmd} ${args.join(" ")} (in ${cwd})\n${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`;
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${said}`);
  return r.stdout;
}
const versionOf = (pkg: string) => (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

it("packs, installs into a fresh project, inits, generates, type-checks and runs a handler", () => {
  const t0 = Date.now();
  const lap = (what: string) => console.log(`pack proof: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  expect(existsSync(join(ROOT, "dist/generator/index.js")), "dist/ is missing: run npm run build").toBe(true);

  // 1. The tarball: only what users need.
  const packed = JSON.parse(run(ROOT, "npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work])) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path);
  expect(files).toContain("bin/hcgen.js");
  expect(files).toContain("dist/generator/index.d.ts");
  expect(files).toContain("dist/runtime/index.d.ts");
  expect(files).toContain("spec/hcgen.schema.json");
  expect(files.filter((f) => f.startsWith("test/") || f.startsWith("examples/") || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
  const tgz = join(work, packed[0]!.filename);
  lap("packed");

  // 2. A fresh project that knows nothing of this repository.
  const proj = join(work, "my-project");
  mkdirSync(proj);
  writeFileSync(join(proj, "package.json"), JSON.stringify({ name: "my-project", private: true, type: "module" }, null, 2));
  run(proj, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tgz, `typescript@${versionOf("typescript")}`, `@types/node@${versionOf("@types/node")}`]);
  lap("installed");

  // 3. The README's steps, nothing edited in between.
  expect(run(proj, "npx", ["hcgen", "init"])).toContain("created spec/my-abi.yaml");
  expect(readFileSync(join(proj, "spec/my-abi.yaml"), "utf8")).toContain("$schema=../node_modules/hcgen/spec/hcgen.schema.json");
  expect(existsSync(join(proj, "node_modules/hcgen/spec/hcgen.schema.json"))).toBe(true);
  expect(run(proj, "npx", ["hcgen", "generate"])).toMatch(/hcgen: \d+ files: \d+ written/);
  expect(readFileSync(join(proj, "generated/ts/my-abi.ts"), "utf8")).toContain('from "hcgen/runtime"');
  expect(run(proj, "npx", ["hcgen", "check"])).toContain("up to date");
  lap("generated");

  // 4. Compile the output with the user's own tsc, strict, plus a host program using it.
  writeFileSync(join(proj, "tsconfig.json"), JSON.stringify({ compilerOptions: {
    target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true, skipLibCheck: false, types: ["node"], outDir: "build" }, include: ["*.ts", "generated/ts/**/*.ts"] }, null, 2));
  writeFileSync(join(proj, "host.ts"), `import { Machine, formatTrace } from "hcgen/runtime";
import { validate, type Diagnostic } from "hcgen";
import { myAbiAbi, myAbiStubs } from "./generated/ts/index.js";

const m = new Machine({ abis: [myAbiAbi] });
m.tracer = (e) => console.log(formatTrace(e).replace(/ <[\\d.]+ms>$/, ""));
m.registerHypercall(myAbiAbi, "my_abi_echo", ({ value }) => ({ value: value + 1n }));
const r = myAbiStubs.x86_64.my_abi_echo(m.createVcpu("x86_64"), { value: 41n });
console.log("echo:", r.status, r.results.value);
const v = validate("spec");
const diags: readonly Diagnostic[] = v.diagnostics;
console.log("validate:", v.ok, v.calls, diags.length);
`);
  // The bundled catalog ships only when generated/ts existed at build time (it is committed output).
  const withCatalog = files.includes("dist/generated/ts/riscv-sbi.js");
  if (withCatalog) {
    writeFileSync(join(proj, "catalog.ts"), `import { riscvSbiAbi } from "hcgen/catalog/riscv-sbi";
import { ALL_ABIS } from "hcgen/catalog";
console.log("catalog:", riscvSbiAbi.id, ALL_ABIS.length > 1);
`);
  } else console.warn("pack proof: dist/generated/ts is missing (generated/ not built), so hcgen/catalog is not checked");
  run(proj, "npx", ["tsc", "-p", "."]);
  lap("type-checked");

  // 5. Run it: the handler answers through the runtime, the library API works from the package.
  const out = run(proj, "node", ["build/host.js"]);
  expect(out).toContain("[x86_64] my-abi.my_abi_echo(value=0x29) = MY_ABI_SUCCESS {value=0x2a}");
  expect(out).toContain("echo: MY_ABI_SUCCESS 42");
  expect(out).toContain("validate: true 1 0");
  if (withCatalog) expect(run(proj, "node", ["build/catalog.js"])).toContain("catalog: riscv-sbi true");
  lap("ran");
}, 600_000);

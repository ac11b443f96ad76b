// Build step (npm run build, last): dist/generator/cli.bundle.cjs, the CLI's own modules in one
// CommonJS file that bin/hcgen.js loads instead of dist/generator/cli.js.
//
// Why: a command starts ~75 of the generator's ES modules, and Node's ES module loader resolves,
// reads and links each one separately; one script saves 35-70 ms of every `hcgen` start (measured
// in bench/ANALYSIS.md), a third of `hcgen --version`. esbuild is already a devDependency; the
// bundle is built from dist/ (tsc's output), so it holds exactly the code the module tree holds.
//  - npm dependencies stay external: the bundle require()s the installed yaml, handlebars and
//    ajv, as the library entry does, so the CLI and `import "hcgen"` never run different versions.
//  - `import.meta.url` is rewritten, module by module, to that module's own place in dist/, so
//    every path a module finds from its own URL (templates, schema validator, package root,
//    version) is the same as in the module tree, which stays next to the bundle.
//  - built after build-id.mjs, so the bundle carries the stamped build id (incremental reuse).
// bin/hcgen.js uses the bundle only when it is at least as new as the stamp (a later tsc run
// makes it stale), and never with HCGEN_NO_BUNDLE=1 set.
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "generator", "cli.bundle.cjs");

// The bundle is an optimisation: where esbuild cannot run (no binary for this platform), the CLI
// runs from the module tree, as it does with no bundle at all.
let build;
try {
  ({ build } = await import("esbuild"));
} catch (e) {
  rmSync(out, { force: true });
  process.stderr.write(`build-bundle: esbuild is not available (${e.message.split("\n")[0]}); the CLI runs from the module tree\n`);
  process.exit(0);
}

await build({
  entryPoints: [join(root, "dist", "generator", "cli.js")],
  outfile: out,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  legalComments: "none",
  logLevel: "warning",
  // __hcgenLoader: bin/bundle-loader.cjs's path when it loaded the bundle (a parameter of its wrapper;
  // undeclared, so typeof says "undefined", under a plain require()): render helpers load it that way too.
  banner: { js: "// Built by scripts/build-bundle.mjs from dist/generator (do not edit).\nconst __hcgenBundleUrl = require(\"node:url\").pathToFileURL(__filename).href;\nconst __hcgenBundleLoader = typeof __hcgenLoader === \"string\" ? __hcgenLoader : null;" },
  plugins: [{
    name: "hcgen-module-urls",
    setup(b) {
      b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        if (!text.includes("import.meta.url")) return { contents: text, loader: "js" };
        const own = "./" + relative(dirname(out), args.path).split(sep).join("/");
        return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(own)}, __hcgenBundleUrl).href`), loader: "js" };
      });
    },
  }],
});

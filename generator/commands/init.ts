// `hcgen init`: a new project for one's own ABI (a first spec that teaches the format, and
// hcgen.config.yaml), valid and generatable as written. Never overwrites: a scaffold must not eat work.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { CONFIG_FILE } from "../config.js";
import { PACKAGE_ROOT } from "../package-root.js";
import { UsageError } from "../diagnostics.js";
import { INIT_ARCHES } from "../init/arches.js";
import { configTemplate, specTemplate } from "../init/templates.js";
import { parse, type Command } from "./command.js";

const ID = /^[a-z][a-z0-9-]*$/;

/**
 * The `$schema` path for editors. Inside hcgen's own repository: a relative path to its spec/. In any
 * other project: ../node_modules/hcgen/spec/hcgen.schema.json, where `npm install hcgen` puts it
 * (also when init runs from npx's cache, which would be a path that vanishes).
 */
export function schemaPathFor(specDir: string, projectDir: string): string {
  const inRepo = (projectDir + sep).startsWith(PACKAGE_ROOT + sep) && !projectDir.split(sep).includes("node_modules");
  const target = inRepo ? join(PACKAGE_ROOT, "spec", "hcgen.schema.json") : join(projectDir, "node_modules", "hcgen", "spec", "hcgen.schema.json");
  const rel = relative(specDir, target).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

export const init: Command = {
  name: "init",
  summary: "start a project for your own ABI: spec/<id>.yaml and hcgen.config.yaml",
  help: `usage: hcgen init [dir] [--id ID] [--arch ARCH]

Writes, in DIR (default: the current directory):
  spec/<ID>.yaml       a first spec: one arch, one call, with comments that explain the format
  ${CONFIG_FILE}    where the specs are, where output goes, which outputs to emit
Both validate and generate as written: \`npx hcgen generate\` in DIR then writes generated/, whose
TypeScript imports the runtime from "hcgen/runtime". Existing files are never overwritten.

The spec's editor schema line points at node_modules/hcgen/spec/hcgen.schema.json (install hcgen in
the project: npm install hcgen, a regular dependency); inside the hcgen repository it points at its spec/ directly.

options:
  --id ID      the ABI id: lower-case letters, digits and '-' (default: my-abi)
  --arch ARCH  the first arch: ${Object.keys(INIT_ARCHES).join(", ")} (default: x86_64)
  -h, --help   show this help

Exit status: 0 created, 1 a file already exists, 2 usage error.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { id: { type: "string", default: "my-abi" }, arch: { type: "string", default: "x86_64" } });
    if (positionals.length > 1) throw new UsageError(`expected at most one directory, got ${positionals.length}`);
    const id = values.id ?? "my-abi";
    const arch = values.arch ?? "x86_64";
    if (!ID.test(id)) throw new UsageError(`--id '${id}' is not a valid ABI id (lower-case letters, digits and '-', starting with a letter)`);
    const conv = INIT_ARCHES[arch];
    if (!conv) throw new UsageError(`--arch '${arch}' has no starting template (choose one of: ${Object.keys(INIT_ARCHES).join(", ")})`);
    const dir = resolve(io.cwd, positionals[0] ?? ".");
    const specFile = join(dir, "spec", `${id}.yaml`);
    const files: [string, string][] = [
      [specFile, specTemplate({ id, arch, conv, schema: schemaPathFor(dirname(specFile), dir) })],
      [join(dir, CONFIG_FILE), configTemplate(id)],
    ];
    const shown = (f: string) => relative(io.cwd, f).split(sep).join("/") || ".";
    // Check every path first, so a refusal writes nothing at all.
    const existing = files.filter(([f]) => existsSync(f)).map(([f]) => shown(f));
    if (existing.length > 0) {
      io.err(`hcgen init: refusing to overwrite ${existing.join(" and ")} (already exist${existing.length === 1 ? "s" : ""}); move ${existing.length === 1 ? "it" : "them"} away or init another directory\n`);
      return 1;
    }
    for (const [f, text] of files) {
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, text, { flag: "wx" });
      io.out(`created ${shown(f)}\n`);
    }
    const cd = positionals[0] ? `cd ${shown(dir)} && ` : "";
    io.out(`\nnext: ${cd}npx hcgen generate   (validates spec/${id}.yaml and writes generated/)\n`);
    return 0;
  },
};

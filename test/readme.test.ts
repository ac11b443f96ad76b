// The README's catalog table is documentation users compare against: it must match spec/.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog, ROOT } from "./helpers/catalog.js";

it("README lists every catalog ABI with its arches and call count", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const table = readme.split("<!-- catalog-table")[1]!.split("<!-- end catalog-table")[0]!;
  const rows = table.split("\n").filter((l) => l.startsWith("| `")).map((l) => l.split("|").map((c) => c.trim()));
  const listed = rows.map((r) => ({ id: r[1]!.replace(/`/g, ""), arches: r[3], calls: Number(r[4]) }));
  const model = loadCatalog().model;
  expect(listed).toEqual(model.abis.map((a) => ({ id: a.id, arches: a.arches.map((x) => x.arch).join(", "), calls: a.calls.length })));
});

it("every bundled spec starts with a yaml-language-server line that resolves to the schema", () => {
  for (const abi of loadCatalog().model.abis) {
    const first = readFileSync(join(ROOT, abi.file), "utf8").split("\n")[0]!;
    expect(first, abi.file).toBe("# yaml-language-server: $schema=./hcgen.schema.json");
  }
});

it("the README's runtime example is the one runtime/README.md runs and checks", () => {
  const block = (text: string) => text.slice(text.indexOf("<!-- readme-example -->"), text.indexOf("```", text.indexOf("<!-- readme-output -->") + 30) + 3);
  const main = readFileSync(join(ROOT, "README.md"), "utf8");
  const runtime = readFileSync(join(ROOT, "runtime", "README.md"), "utf8");
  expect(block(runtime)).toContain("registerHypercall");
  expect(block(main)).toBe(block(runtime));
});

describe("the README's set-up", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string>; repository: { url: string } };
  const section = (title: string) => readme.slice(readme.indexOf(`## ${title}`), readme.indexOf("\n## ", readme.indexOf(`## ${title}`) + 3));

  it("names only npm scripts that exist", () => {
    const named = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((n) => !(n in pkg.scripts))).toEqual([]);
  });

  it("runs at once in a fresh clone: the quick start and 'Adding an ABI' never use npx (it would fetch and build a second copy)", () => {
    const quick = section("Quick start");
    expect(quick.split("```")[1]).toMatch(/^sh\nnpm ci .*\nnpm run generate .*\nnpm test /);
    expect(pkg.scripts.generate).toBe("node bin/hcgen.js generate");
    expect(pkg.scripts.hcgen).toBe("node bin/hcgen.js");
    expect(quick.split("```")[1]).not.toContain("npx");
    expect(section("Adding an ABI")).not.toContain("npx");
  });

  it("installs without the registry: from the package's git URL or a packed tarball, as a regular dependency", () => {
    const own = section("Use it for your own ABI");
    expect(own).toContain(`npm install ${pkg.repository.url} `);
    expect(own).toMatch(/npm pack/);
    expect(own).toMatch(/npm install \S+\/hcgen-\d+\.\d+\.\d+\.tgz/);
    expect(readme).not.toMatch(/npm (install|i) (-D|--save-dev) hcgen/);
  });

  it("says which Debian packages each optional suite needs, as the .ci/install-* scripts install them", () => {
    const scripts = readdirSync(join(ROOT, ".ci")).filter((f) => f.startsWith("install-")).sort();
    expect(scripts).toEqual(["install-browser-deps", "install-qemu-deps"]);
    const installed = scripts.flatMap((f) => /apt-get install -y --no-install-recommends ([^\n]+)/.exec(readFileSync(join(ROOT, ".ci", f), "utf8"))![1]!.trim().split(/\s+/));
    const table = section("Quick start").split("\n").filter((l) => l.startsWith("| ") && l.includes("`"));
    const named = new Set(table.flatMap((l) => [...l.split("|")[3]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)));
    expect([...named].sort()).toEqual([...installed].sort());
  });
});

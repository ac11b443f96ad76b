// Hints that send the user to the spec language reference name the LANGUAGE.md this hcgen ships
// (package.json "files" includes spec/), as the user's shell reaches it: never a bare
// spec/LANGUAGE.md, which does not exist in a user's project. Run as a user would (the built CLI in a
// fresh directory), since the path is relative to the process's directory.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { languageReference } from "../../generator/package-root.js";
import { ROOT } from "../helpers/catalog.js";

const dir = mkdtempSync(join(tmpdir(), "hcgen-langref-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHIPPED = join(ROOT, "spec", "LANGUAGE.md");

function validate(file: string, text: string): string {
  writeFileSync(join(dir, file), text);
  const r = spawnSync(process.execPath, [join(ROOT, "bin/hcgen.js"), "validate", file], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  expect(r.status).toBe(1);
  return r.stderr;
}

describe("the spec language reference in hints", () => {
  it("is the package's LANGUAGE.md, shipped in the tarball", () => {
    expect(existsSync(SHIPPED)).toBe(true);
    expect((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { files: string[] }).files).toContain("spec");
  });

  it("is named relative to the user's directory when inside it, else absolute", () => {
    expect(languageReference(ROOT)).toBe("spec/LANGUAGE.md");
    expect(languageReference(join(ROOT, ".."))).toBe(`${basename(ROOT)}/spec/LANGUAGE.md`);
    expect(languageReference(dir)).toBe(SHIPPED);
  });

  it("unknown key, empty file and non-mapping hints point at it from a user's project", () => {
    const hints = [
      validate("unknown-key.yaml", "hcgen: 1\nid: demo\ncolour: blue\n"),
      validate("empty.yaml", "# nothing\n"),
      validate("list.yaml", "- a\n- b\n"),
    ].map((err) => err.split("\n").filter((l) => l.includes("LANGUAGE.md")));
    for (const h of hints) {
      expect(h.length).toBe(1);
      expect(h[0]).toContain(`see ${SHIPPED}`);
    }
  });
});

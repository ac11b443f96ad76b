// Where the running hcgen package is, and the files it ships that messages point users to. A
// module of its own (no imports from the pipeline) so the loader's hints can name them too.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The root of the running hcgen package (the directory of its package.json). */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, "package.json");
    try { if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "hcgen") return dir; } catch { /* keep looking */ }
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), "..");
})();

/**
 * The spec language reference this package ships (package.json "files" has spec/), as the user's
 * shell reaches it from `cwd`: relative when inside it (`node_modules/hcgen/spec/LANGUAGE.md` in a
 * project, `spec/LANGUAGE.md` in hcgen's own checkout), else absolute. A file, not the homepage URL,
 * so the hint works offline and matches the installed version.
 */
export function languageReference(cwd = process.cwd()): string {
  const file = join(PACKAGE_ROOT, "spec", "LANGUAGE.md");
  const rel = relative(cwd, file);
  return rel === "" || rel.startsWith("..") ? file : rel.split(sep).join("/");
}

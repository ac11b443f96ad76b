// hcgen's own version, part of every generated file's input hash (a new hcgen may generate
// different output from the same specs). Read from package.json so there is one place to bump it;
// found by walking up because this module runs both from generator/ (tests) and dist/generator/.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, "utf8")) as { name?: string; version?: string };
      if (json.name === "hcgen" && json.version) return json.version;
    }
    dir = dirname(dir);
  }
  return "0.0.0-unknown";
}

export const HCGEN_VERSION = findVersion();

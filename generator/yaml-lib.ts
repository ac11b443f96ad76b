// The yaml library, loaded on first use: the fast path (fast-yaml.ts) reads most specs without it,
// and loading its modules alone costs a cold run about 60 ms of CPU (issue 16). Types come from the
// static `import type`, which costs nothing at run time.
import { createRequire } from "node:module";
import type * as Yaml from "yaml";

const require = createRequire(import.meta.url);
let lib: typeof Yaml | null = null;

export function yaml(): typeof Yaml {
  return (lib ??= require("yaml") as typeof Yaml);
}

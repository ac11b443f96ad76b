// Where spec/hcgen.schema.json is, found from generator/ (sources, tests) or dist/generator/ (the
// built CLI). Apart from schema-check.ts (which re-exports it) so that an up-to-date generate
// (pipeline/up-to-date.ts) can hash the schema without loading the checker.
import { existsSync } from "node:fs";

export const SCHEMA_URL = [new URL("../spec/hcgen.schema.json", import.meta.url), new URL("../../spec/hcgen.schema.json", import.meta.url)]
  .find((u) => existsSync(u)) ?? new URL("../../spec/hcgen.schema.json", import.meta.url);

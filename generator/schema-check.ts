// Runs the JSON Schema (spec/hcgen.schema.json) with ajv over a loaded spec and turns each ajv
// error into a positioned Diagnostic. ajv knows nothing of bigint, so it sees a copy of the value
// with integers as numbers (type checks only; exact range checks happen in the semantic pass).
import { existsSync, readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { ARCH_NAMES } from "./arches.js";
import type { Diagnostic } from "./diagnostics.js";
import { diagAt, type LoadedSpec, type PathKey } from "./load.js";

let compiled: ValidateFunction | null = null;

/** spec/hcgen.schema.json, found from generator/ (sources, tests) or dist/generator/ (the built CLI). */
export const SCHEMA_URL = [new URL("../spec/hcgen.schema.json", import.meta.url), new URL("../../spec/hcgen.schema.json", import.meta.url)]
  .find((u) => existsSync(u)) ?? new URL("../../spec/hcgen.schema.json", import.meta.url);

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  compiled = ajv.compile(schema);
  return compiled;
}

function forAjv(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(forAjv);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, forAjv(x)]));
  }
  return v;
}

function splitPointer(p: string): PathKey[] {
  if (p === "") return [];
  return p.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function schemaCheck(spec: LoadedSpec): Diagnostic[] {
  const validate = validator();
  if (validate(forAjv(spec.value))) return [];
  const errors = pruneErrors(validate.errors ?? []);
  return errors.map((e) => toDiagnostic(spec, e));
}

/**
 * ajv reports every failed branch of a oneOf; users want the one that matters. Keep the errors at the
 * deepest paths and drop oneOf/anyOf summaries when a more specific error exists at or below them.
 */
function pruneErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf" && e.keyword !== "if");
  const chosen = specific.length > 0 ? specific : [...errors];
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  // For oneOf branches, many alternatives fail at the same path; report one per path+keyword.
  for (const e of chosen) {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  // Drop `type`/`const`/`required` noise from oneOf alternatives when an error deeper in the same place exists.
  return out.filter((e) => !(e.keyword === "required" && out.some((o) => o !== e && o.instancePath.startsWith(e.instancePath + "/"))))
    .filter((e) => !(e.keyword === "propertyNames" && out.some((o) => o.propertyName !== undefined && o.instancePath === e.instancePath)))
    .slice(0, 50);
}

function toDiagnostic(spec: LoadedSpec, e: ErrorObject): Diagnostic {
  const path = splitPointer(e.instancePath);
  // An invalid key (propertyNames): ajv puts the key in propertyName; point at the key itself.
  if (e.propertyName !== undefined) {
    const key = e.propertyName;
    const where = path.length ? String(path[path.length - 1]) : "the top level";
    return diagAt(spec, [...path, key], "HC008", `'${key}' is not a valid key in ${where}`,
      where === "arches" || where === "overrides" ? `arch names are: ${ARCH_NAMES.join(", ")}` : "check its spelling", { key: true });
  }
  const field = path.length ? String(path[path.length - 1]) : "the top level";
  switch (e.keyword) {
    case "additionalProperties": {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      return diagAt(spec, [...path, extra], "HC008", `unknown key '${extra}'`, `remove it or check its spelling; see spec/LANGUAGE.md for the keys allowed here`, { key: true });
    }
    case "required": {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return diagAt(spec, path, "HC008", `missing required key '${missing}'${path.length ? ` in ${field}` : ""}`, `add '${missing}:'`);
    }
    case "enum":
      return diagAt(spec, path, "HC008", `'${field}' must be one of: ${((e.params as { allowedValues: unknown[] }).allowedValues).join(", ")}`);
    case "const":
      return diagAt(spec, path, "HC009", `'${field}' must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`,
        field === "hcgen" ? "this hcgen reads spec language version 1" : undefined);
    case "pattern":
      return diagAt(spec, path, "HC008", `'${field}' does not match the expected form ${(e.params as { pattern: string }).pattern}`,
        "identifiers are letters, digits and _; ids are lower-case with dashes; bits are \"hi:lo\"");
    case "type":
      return diagAt(spec, path, "HC008", `'${field}' must be ${(e.params as { type: string }).type}`);
    case "propertyNames":
      return diagAt(spec, path, "HC008", `invalid key in ${field}`, "arch keys must be hcgen arch names (x86_64, aarch64, riscv64, ppc64, ...)");
    default:
      return diagAt(spec, path, "HC008", `'${field}' ${e.message ?? "is invalid"}`);
  }
}

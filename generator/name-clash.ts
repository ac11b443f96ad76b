// Spec names that are distinct in YAML but not in what hcgen emits (issue 13.4): the emitters fold
// case (C macros are upper case, C functions lower case), drop separators (camel: `a_b`, `a-b`,
// `aB` and `_a_b` are all `aB`) and add fixed suffixes (`<CALL>_ID`, `<PREFIX>_ARCH`). Two names
// that fold to one identifier made `generate` crash, or one TS export silently shadow another,
// after `validate` had passed. Each such pair is HC131 at the second name, so a spec that validates
// also generates.
import type { RawCall } from "./build-calls.js";
import type { Ctx } from "./context.js";
import type { Diagnostic } from "./diagnostics.js";
import { diagAt, type LoadedSpec, type PathKey } from "./load.js";
import type { Abi, Call, ErrorCode, Magic } from "./model.js";
import { camel, cFunction, cHeaderPath, cMacro, constName, cPrefix, cRetStruct } from "./names.js";

const HINT = "rename one of them so the names differ in more than case, `_`/`-` separators or a suffix hcgen adds";

class Taken {
  private readonly seen = new Map<string, string>();
  private readonly reported = new Set<string>();
  constructor(private readonly ctx: Ctx) {}
  /** Claims `ident` for `what` (at `path`); a second claim by something else is HC131. */
  claim(ident: string, what: string, path: readonly PathKey[], lang: string): void {
    const prev = this.seen.get(ident);
    if (prev === undefined) { this.seen.set(ident, what); return; }
    if (prev === what || this.reported.has(`${what}|${prev}`)) return;
    this.reported.add(`${what}|${prev}`);
    this.ctx.err(path, "HC131", `${what} and ${prev} both become the ${lang} name '${ident}'`, HINT);
  }
}

/** Within one ABI: calls, errors and magic values against each other and against hcgen's own macros. */
export function nameClashChecks(ctx: Ctx, raws: readonly RawCall[], calls: readonly Call[], errors: readonly ErrorCode[], magic: readonly Magic[],
  id: string, fields: readonly string[], conventions: readonly string[], traps: readonly string[]): void {
  const p = cPrefix(id);
  const c = new Taken(ctx);
  // hcgen's own C names in every header come first: a spec name may not take one.
  for (const n of ["ARCH", "CONDUIT", "CONDUIT_SMC", "CONDUIT_HVC", ...traps.map((t) => `USE_TRAP_${t}`)]) c.claim(cMacro(p, n), `hcgen's macro ${cMacro(p, n)}`, [], "C");
  for (const conv of new Set(["default", ...conventions])) c.claim(cRetStruct(p, conv), `the result struct of convention '${conv}'`, [], "C");
  errors.forEach((e, i) => c.claim(cMacro(p, e.name), `error '${e.name}'`, ["errors", "codes", i, "name"], "C"));
  magic.forEach((m, i) => {
    for (const suffix of ["", "_HI", "_LO"]) c.claim(`${cMacro(p, m.name)}${suffix}`, `magic '${m.name}'`, ["magic", i, "name"], "C");
  });
  const ts = new Taken(ctx);
  const byName = new Map(raws.map((r) => [typeof r.raw.name === "string" ? r.raw.name : "", r.path]));
  for (const call of calls) {
    const path = [...(byName.get(call.name) ?? []), "name"];
    const what = `call '${call.name}'`;
    c.claim(cFunction(p, call.name), what, path, "C");
    for (const suffix of ["ID", ...fields.map((f) => `ID_${f.toUpperCase()}`)]) c.claim(cMacro(p, call.name, suffix), what, path, "C");
    ts.claim(camel(call.name), what, path, "TypeScript");
  }
}

/** Across ABIs: ids that fold to one C header, C prefix or TS module identifier. */
export function abiIdClashChecks(abis: readonly Abi[], specs: ReadonlyMap<string, LoadedSpec>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, string>();
  for (const abi of abis) {
    for (const [ident, lang] of [[cHeaderPath(abi.id), "C header"], [camel(abi.id), "TypeScript"], [constName(abi.id), "TypeScript constant"]] as const) {
      const key = `${lang}:${ident}`;
      const prev = seen.get(key);
      if (prev !== undefined && prev !== abi.id) {
        out.push(diagAt(specs.get(abi.id)!, ["id"], "HC131", `ABI ids '${abi.id}' and '${prev}' both become the ${lang} name '${ident}'`, HINT));
        break;
      }
      seen.set(key, abi.id);
    }
  }
  return out;
}

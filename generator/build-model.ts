// Loaded spec -> one Abi of the model, collecting every semantic diagnostic on the way.
import { ARCH_NAMES, ARCHES, canonicalRegister } from "./arches.js";
import { didYouMeanUnique } from "./suggest.js";
import { buildArch, readPrivilege, resolveArchRaw } from "./build-arch.js";
import { buildCall, checkIdent, collectCalls } from "./build-calls.js";
import { checkMagic, crossCallChecks } from "./checks.js";
import { checkRepCalls } from "./check-reps.js";
import { checkValueWidths } from "./check-widths.js";
import { createCtx, type Ctx } from "./context.js";
import { nameClashChecks } from "./name-clash.js";
import type { Diagnostic } from "./diagnostics.js";
import type { LoadedSpec } from "./load.js";
import type { Abi, ArchAbi, ArchName, Call, ErrorCode, ErrorTable, Group, IdentityField, Magic, Privilege, Range, Source } from "./model.js";
import { isRaw, rawList, rawStr, rawStrList, readValue, type Raw } from "./spec-values.js";

export function buildAbi(spec: LoadedSpec): { abi: Abi; diagnostics: Diagnostic[] } {
  const ctx = createCtx(spec);
  const v = spec.value as Raw;
  const sources = readSources(v);
  const sourceKeys = new Set(sources.map((s) => s.key));
  checkCites(ctx, v, sourceKeys);
  const errors = readErrors(ctx, v);
  const errorNames = new Set(errors.codes.map((e) => e.name));
  const privilege: Privilege = isRaw(v.privilege) ? readPrivilege(v.privilege) : { allowed: ["kernel"], otherwise: { kind: "fault", fault: "unspecified" } };
  const magicRaw = rawList(v.magic) as Raw[];
  const magicNames = new Set(magicRaw.map((m) => rawStr(m.name)));
  const archRaw = isRaw(v.arches) ? v.arches : {};
  const archNames = Object.keys(archRaw).filter((a) => ARCH_NAMES.includes(a as ArchName)).sort() as ArchName[];
  let arches: ArchAbi[] = archNames.map((a) => buildArch(ctx, a, resolveArchRaw(ctx, archRaw, a), privilege, magicNames));
  checkPrivilege(ctx, ["privilege"], privilege, errorNames);
  archNames.forEach((a, i) => { if (isRaw((archRaw[a] as Raw).privilege)) checkPrivilege(ctx, ["arches", a, "privilege"], arches[i]!.privilege, errorNames); });
  const magic = readMagic(ctx, magicRaw, archNames);
  checkMagic(ctx, magic);
  arches = arches.map((a) => ({ ...a, magic: magic.filter((m) => m.arches.includes(a.arch)).map((m) => m.name) }));
  const fields = identityFields(arches);
  const ranges = readRanges(ctx, v, fields);
  checkValueWidths(ctx, v, arches, magic, ranges, fields);
  const groups = readGroups(ctx, v);
  // Every raw call builds into exactly one Call (problems become diagnostics), so raws[i] and calls[i]
  // stay paired for the cross-call checks below.
  const raws = collectCalls(v);
  const calls = raws.map((rc) => buildCall(ctx, rc, arches, errorNames));
  crossCallChecks(ctx, raws, calls, ranges);
  checkRepCalls(ctx, raws, calls, arches);
  nameClashChecks(ctx, raws, calls, errors.codes, magic, rawStr(v.id), fields.map((f) => f.name),
    arches.flatMap((a) => a.conventions.map((c) => c.name)), arches.flatMap((a) => a.traps.map((t) => t.name)));
  calls.sort((a, b) => compareCalls(a, b, fields) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const abi: Abi = {
    id: rawStr(v.id), file: spec.file, title: rawStr(v.title), version: String(v.version ?? ""), description: rawStr(v.description),
    ...(typeof v.number_space === "string" ? { numberSpace: v.number_space } : {}),
    sources, notes: rawStrList(v.notes), fields, arches, errors, magic, ranges, privilege,
    callers: rawStrList(v.callers), groups, calls,
  };
  return { abi, diagnostics: ctx.diagnostics };
}

function readSources(v: Raw): Source[] {
  const s = isRaw(v.sources) ? v.sources : {};
  return Object.keys(s).sort().map((key) => {
    const r = s[key] as Raw;
    const out: Record<string, string> = { key };
    for (const k of ["repo", "path", "commit", "document", "version", "section", "url"]) if (typeof r[k] === "string") out[k] = r[k] as string;
    return out as unknown as Source;
  });
}

/** Every `cite:` anywhere in the file must name a key of `sources`. */
function checkCites(ctx: Ctx, v: unknown, keys: ReadonlySet<string>, path: (string | number)[] = []): void {
  if (Array.isArray(v)) { v.forEach((x, i) => checkCites(ctx, x, keys, [...path, i])); return; }
  if (!isRaw(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === "cite" && Array.isArray(x)) {
      x.forEach((c, i) => { if (typeof c === "string" && !keys.has(c)) ctx.err([...path, k, i], "HC112", `cite '${c}' is not a key of sources`, `known sources: ${[...keys].join(", ")}`); });
    } else if (path.length > 0 || k !== "sources") checkCites(ctx, x, keys, [...path, k]);
  }
}

function readErrors(ctx: Ctx, v: Raw): ErrorTable {
  const e = isRaw(v.errors) ? v.errors : { sign: "as-is", codes: [] };
  const sign = e.sign === "negated" ? "negated" : "as-is";
  const byName = new Map<string, bigint>();
  const codes: ErrorCode[] = [];
  const raws = rawList(e.codes).map((c) => c as Raw);
  const declared = new Map(raws.map((r) => [rawStr(r.name), r] as const));
  const accepted = new Map<number, ErrorCode>();   // index -> code, for entries not rejected as duplicates
  raws.forEach((r, i) => {
    const name = rawStr(r.name);
    const aliasOf = typeof r.alias === "string" ? r.alias : null;
    const target = aliasOf !== null ? declared.get(aliasOf) : undefined;
    if (aliasOf !== null) {
      if (!target) ctx.err(["errors", "codes", i, "alias"], "HC151", `error '${name}' is an alias of '${aliasOf}', which the table does not list`, "list the code it aliases, or drop `alias:`");
      else if (typeof target.alias === "string") ctx.err(["errors", "codes", i, "alias"], "HC151", `error '${name}' is an alias of '${aliasOf}', which is itself an alias (of '${target.alias}')`, `alias the code directly: alias: ${target.alias}`);
      else if (aliasOf === name) ctx.err(["errors", "codes", i, "alias"], "HC151", `error '${name}' is an alias of itself`, "drop `alias:`");
    }
    const own = readValue(r.value)?.value;
    const targetValue = target && typeof target.alias !== "string" ? readValue(target.value)?.value : undefined;
    if (own !== undefined && targetValue !== undefined && own !== targetValue) {
      ctx.err(["errors", "codes", i, "value"], "HC151", `error '${name}' = ${own} is declared an alias of '${aliasOf}' = ${targetValue}; an alias has its target's value`, `value: ${targetValue} (or omit value)`);
    }
    const value = own ?? targetValue ?? 0n;
    checkIdent(ctx, name, ["errors", "codes", i, "name"], "error name");
    const prev = byName.get(name);
    if (prev !== undefined) {
      if (prev !== value) ctx.err(["errors", "codes", i, "value"], "HC110", `error '${name}' is defined as ${prev} and as ${value}`, "one error name has one value; rename one of them (e.g. per family)");
      else ctx.err(["errors", "codes", i, "name"], "HC111", `error '${name}' is listed twice`, "remove the duplicate");
      return;
    }
    byName.set(name, value);
    if (sign === "negated" && value < 0n) ctx.err(["errors", "codes", i, "value"], "HC116", `with sign: negated, write the positive number the source defines (${-value}); the register carries its negation`, `value: ${-value}`);
    const register = BigInt.asUintN(64, sign === "negated" ? -value : value);
    const code: ErrorCode = { name, value, register, aliasOf: target ? aliasOf : null, doc: rawStr(r.doc) };
    codes.push(code);
    accepted.set(i, code);
  });
  // One value, one name within a family (the name's first word: XEN_, SBI_, PSCI_ ...) unless one
  // of them says it is an alias; families that share a number space (PSCI vs SMCCC) may reuse values.
  const family = (n: string): string => n.split("_")[0]!;
  const owner = new Map<string, string>();
  raws.forEach((r, i) => {
    const c = accepted.get(i);
    if (!c || c.aliasOf !== null || typeof r.alias === "string") return;
    const k = `${family(c.name)}:${c.value}`;
    const prev = owner.get(k);
    if (prev !== undefined) ctx.err(["errors", "codes", i, "name"], "HC151", `errors '${prev}' and '${c.name}' both have value ${c.value}`, `if one is another name for the other, write { name: ${c.name}, alias: ${prev} }; otherwise fix the value`);
    else owner.set(k, c.name);
  });
  codes.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.name < b.name ? -1 : 1));
  const roles = isRaw(e.roles) ? e.roles : {};
  for (const [role, name] of Object.entries(roles)) {
    if (typeof name === "string" && !byName.has(name)) ctx.err(["errors", "roles", role], "HC112", `role ${role} names unknown error '${name}'`, "list it under errors.codes");
  }
  const success = typeof e.success === "string" ? e.success : null;
  if (success && !byName.has(success)) ctx.err(["errors", "success"], "HC112", `success names unknown error '${success}'`, "list it under errors.codes");
  const role = (k: string): string | null => (typeof roles[k] === "string" ? (roles[k] as string) : null);
  return {
    sign, success, codes, cite: rawStrList(e.cite),
    roles: { notSupported: role("not_supported"), failed: role("failed"), invalidAddress: role("invalid_address"), denied: role("denied") },
  };
}

function checkPrivilege(ctx: Ctx, path: (string | number)[], p: Privilege, errorNames: ReadonlySet<string>): void {
  if (p.otherwise.kind === "error" && !errorNames.has(p.otherwise.error)) {
    ctx.err([...path, "otherwise", "error"], "HC112", `privilege answers with unknown error '${p.otherwise.error}'`, "list it under errors.codes");
  }
}

function readMagic(ctx: Ctx, raw: readonly Raw[], archNames: readonly ArchName[]): Magic[] {
  const out: Magic[] = [];
  raw.forEach((m, i) => {
    const val = readValue(m.value);
    const arches = m.arches !== undefined ? rawStrList(m.arches) as ArchName[] : [...archNames];
    arches.forEach((a, j) => { if (!archNames.includes(a)) ctx.err(["magic", i, "arches", j], "HC112", `magic '${rawStr(m.name)}' names arch '${a}', which this spec does not define${didYouMeanUnique(a, archNames)}`, "remove it or add the arch"); });
    if (typeof m.register === "string") {
      for (const a of arches) {
        const info = ARCHES.get(a);
        if (info && !canonicalRegister(info, m.register)) {
          ctx.err(["magic", i, "register"], "HC104", `register '${m.register}' does not exist on ${a}${didYouMeanUnique(m.register, info.registers)}`, `limit the magic value to the arches that have it with arches: [...]`);
          break;
        }
      }
    }
    out.push({
      name: rawStr(m.name), value: val?.value ?? 0n, ascii: val?.ascii ?? null,
      register: typeof m.register === "string" ? m.register : null, location: typeof m.location === "string" ? m.location : null,
      arches, doc: rawStr(m.doc),
    });
  });
  return out;
}

/** Identity fields in the order the first arch's default selector carries them (high bits first); width = widest on any arch. */
function identityFields(arches: readonly ArchAbi[]): IdentityField[] {
  const out: { name: string; width: number }[] = [];
  for (const a of arches) for (const c of a.conventions) for (const s of c.select) for (const p of s.parts) {
    if (p.kind !== "field") continue;
    const f = out.find((x) => x.name === p.field);
    if (f) f.width = Math.max(f.width, p.hi - p.lo + 1);
    else out.push({ name: p.field, width: p.hi - p.lo + 1 });
  }
  return out;
}

function readRanges(ctx: Ctx, v: Raw, fields: readonly IdentityField[]): Range[] {
  return (rawList(v.ranges) as Raw[]).map((r, i) => {
    const field = rawStr(r.field);
    if (!fields.some((f) => f.name === field)) ctx.err(["ranges", i, "field"], "HC112", `range field '${field}' is not an identity field`, `identity fields: ${fields.map((f) => f.name).join(", ")}`);
    const from = readValue(r.from)?.value ?? 0n, to = readValue(r.to)?.value ?? 0n;
    if (from > to) ctx.err(["ranges", i, "to"], "HC115", `range '${rawStr(r.name)}' ends (0x${to.toString(16)}) before it starts (0x${from.toString(16)})`, "swap from and to");
    return { name: rawStr(r.name), field, from, to, use: r.use as Range["use"], doc: rawStr(r.doc) };
  });
}

function readGroups(ctx: Ctx, v: Raw): Group[] {
  const seen = new Set<string>();
  return (rawList(v.groups) as Raw[]).map((g, i) => {
    const name = rawStr(g.name);
    if (seen.has(name)) ctx.err(["groups", i, "name"], "HC111", `group '${name}' is defined twice`, "merge the groups or rename one");
    seen.add(name);
    const id: Record<string, bigint> = {};
    if (isRaw(g.id)) for (const [k, x] of Object.entries(g.id)) { const r = readValue(x); if (r) id[k] = r.value; }
    return { name, ...(typeof g.number_space === "string" ? { numberSpace: g.number_space } : {}), title: rawStr(g.title, name), doc: rawStr(g.doc), id };
  });
}

function compareCalls(a: Call, b: Call, fields: readonly IdentityField[]): number {
  const ia = a.arches[0]?.id ?? {}, ib = b.arches[0]?.id ?? {};
  for (const f of fields) {
    const x = ia[f.name] ?? -1n, y = ib[f.name] ?? -1n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

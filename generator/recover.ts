// Every problem at once: when the schema rejects parts of a spec, the semantic checks still run on
// the parts it accepted. The semantic pass assumes the schema's shape, so it gets a copy of the YAML
// document without the rejected parts (nodes keep their source ranges, so positions stay exact):
//  - a key that may not be there (unknown, misspelt) is dropped alone: it means nothing;
//  - a wrong value takes its entry with it: the list item it is in (a call, an argument, an error
//    code...) or the named entry (arches.<arch>, sources.<key>, overrides.<arch>, conventions.<name>).
// The copy is checked against the schema again; if it still fails (a required key was the problem,
// a list became empty), the file gets no semantic checks, as before. Semantic diagnostics keep the
// field paths of the original file, and one that names a dropped entry is a consequence of the
// schema error, not a second problem, so it is left out.
import type { Document } from "yaml";
import { pathString, type Diagnostic } from "./diagnostics.js";
import { MAX_ALIAS_COUNT, type LoadedSpec, type PathKey } from "./load.js";
import { schemaCheckParts, type RejectedPart } from "./schema-check.js";

/** Map-like fields whose entries are objects: an entry with a bad value is dropped whole. */
const NAMED_ENTRIES = new Set(["arches", "sources", "overrides", "conventions"]);

export interface AcceptedPart {
  /** The spec without the rejected parts; it passes the schema. */
  readonly spec: LoadedSpec;
  /** A semantic diagnostic of `spec` with the original file's field path, or null when it follows from a dropped part. */
  restore(d: Diagnostic): Diagnostic | null;
}

/** The part of `spec` the schema accepted, or null when no schema-valid rest can be cut out of it. */
export function acceptedPart(spec: LoadedSpec, rejected: readonly RejectedPart[]): AcceptedPart | null {
  const cuts = new Map<string, PathKey[]>();
  for (const r of rejected) {
    const cut = r.key ? [...r.path] : entryOf(spec.value, r.path);
    if (!cut) return null;
    cuts.set(pathString(cut), cut);
  }
  // Drop a cut inside another cut; delete deepest first and, within a list, the highest index first,
  // so every path still means what it meant in the original document when it is deleted.
  const all = [...cuts.values()];
  const outer = all.filter((c) => !all.some((o) => o !== c && o.length < c.length && o.every((k, i) => k === c[i])));
  outer.sort((a, b) => b.length - a.length || compareKey(b[b.length - 1]!, a[a.length - 1]!));
  const doc = spec.doc.clone() as Document.Parsed;
  const dropped = new Map<string, number[]>(); // list path -> removed indices (original numbering)
  const names = new Set<string>();
  for (const cut of outer) {
    const gone = doc.getIn(cut) as unknown;
    const name = nameOf(valueAt(spec.value, cut), cut);
    if (name !== null) names.add(name);
    if (gone === undefined) return null;
    doc.deleteIn(cut);
    const last = cut[cut.length - 1]!;
    if (typeof last === "number") {
      const list = pathString(cut.slice(0, -1));
      dropped.set(list, [...(dropped.get(list) ?? []), last].sort((x, y) => x - y));
    }
  }
  let value: unknown;
  try { value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }); } catch { return null; }
  const rest: LoadedSpec = { ...spec, doc, value, positions: null }; // offsets now come from the edited doc
  if (schemaCheckParts(rest).diagnostics.length > 0) return null;
  return {
    spec: rest,
    restore(d) {
      if ([...names].some((n) => d.message.includes(`'${n}'`))) return null;
      return { ...d, path: originalPath(d.path, dropped) };
    },
  };
}

/** The entry a wrong value at `path` belongs to: its deepest enclosing object list item or named entry. */
function entryOf(root: unknown, path: readonly PathKey[]): PathKey[] | null {
  for (let end = path.length; end > 0; end--) {
    const key = path[end - 1]!;
    const parentKey = end >= 2 ? path[end - 2] : undefined;
    const v = valueAt(root, path.slice(0, end));
    const isObject = v !== null && typeof v === "object" && !Array.isArray(v);
    if (typeof key === "number" && isObject) return path.slice(0, end);
    if (typeof key === "string" && typeof parentKey === "string" && NAMED_ENTRIES.has(parentKey) && isObject) return path.slice(0, end);
  }
  return null;
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[k as string];
  }
  return v;
}

/** The name a follow-on diagnostic would quote: the entry's `name`, or the key of a named entry. */
function nameOf(v: unknown, cut: readonly PathKey[]): string | null {
  if (v !== null && typeof v === "object" && typeof (v as { name?: unknown }).name === "string") return (v as { name: string }).name;
  const last = cut[cut.length - 1];
  return typeof last === "string" && NAMED_ENTRIES.has(String(cut[cut.length - 2])) ? last : null;
}

function compareKey(a: PathKey, b: PathKey): number {
  return typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** `calls[4].args[0]` in the copy -> `calls[5].args[0]` in the file, when calls[2] was dropped. */
export function originalPath(path: string, dropped: ReadonlyMap<string, readonly number[]>): string {
  if (dropped.size === 0 || path === "") return path;
  const out: PathKey[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    if (m[1] === undefined) { out.push(m[2]!); continue; }
    let i = Number(m[1]);
    for (const r of dropped.get(pathString(out)) ?? []) if (r <= i) i++;
    out.push(i);
  }
  return pathString(out);
}

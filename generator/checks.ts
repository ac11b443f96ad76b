// Semantic checks that look across calls (Xen's do_err, but reporting every problem): duplicate
// names and numbers, reserved ranges, reuse of a removed call's number, overlapping magic values.
import type { RawCall } from "./build-calls.js";
import type { Ctx } from "./context.js";
import type { Call, Magic, Range } from "./model.js";

export function crossCallChecks(ctx: Ctx, raws: readonly RawCall[], calls: readonly Call[], ranges: readonly Range[]): void {
  const byName = new Map<string, number>();
  calls.forEach((c, i) => {
    const prev = byName.get(c.name);
    const rc = raws[i]!;
    if (prev !== undefined) {
      const p = calls[prev]!.at;
      ctx.err([...rc.path, "name"], "HC111", `call '${c.name}' is defined twice (first at line ${p.line}:${p.col})`, "call names are unique in a spec; rename or merge them");
    } else byName.set(c.name, i);
  });
  // One identity per arch and trap: key = arch + trap + selector values.
  const byIdentity = new Map<string, number>();
  calls.forEach((c, i) => {
    for (const ca of c.arches) {
      const key = `${ca.arch}|${ca.trap}|${Object.entries(ca.selector).map(([r, v]) => `${r}=${v}`).join(",")}`;
      const prev = byIdentity.get(key);
      if (prev === undefined) { byIdentity.set(key, i); continue; }
      const other = calls[prev]!;
      if (other.name === c.name) continue;
      const where = `${ca.arch}: ${Object.entries(ca.selector).map(([r, v]) => `${r}=0x${v.toString(16)}`).join(", ")}`;
      const removed = other.lifecycle.removed ? other : c.lifecycle.removed ? c : null;
      if (removed && !(other.lifecycle.removed && c.lifecycle.removed)) {
        const live = removed === other ? c : other;
        const liveIdx = removed === other ? i : prev;
        ctx.err([...raws[liveIdx]!.path, "id"], "HC107", `'${live.name}' reuses the number of removed call '${removed.name}' (${where})`,
          "a removed call's number is never reused: take the next free number");
      } else {
        ctx.err([...raws[i]!.path, "id"], "HC101", `'${c.name}' has the same identity as '${other.name}' (line ${other.at.line}) (${where})`,
          "two calls cannot share a number in one number space; give one a free number");
      }
    }
  });
  calls.forEach((c, i) => {
    for (const r of ranges) {
      if (r.use !== "reserved") continue;
      const hit = c.arches.find((ca) => { const v = ca.id[r.field]; return v !== undefined && v >= r.from && v <= r.to; });
      if (hit) {
        ctx.err([...raws[i]!.path, "id"], "HC106", `'${c.name}' has ${r.field} = 0x${hit.id[r.field]!.toString(16)}, inside reserved range '${r.name}' (0x${r.from.toString(16)}-0x${r.to.toString(16)})`,
          "reserved numbers may not be assigned; pick a number outside the range");
        break;
      }
    }
  });
}

/** Two magic values overlap when they sit in the same place (register or location) with the same value, or share a name. */
export function checkMagic(ctx: Ctx, magic: readonly Magic[]): void {
  magic.forEach((m, i) => {
    for (let j = 0; j < i; j++) {
      const o = magic[j]!;
      if (o.name === m.name) { ctx.err(["magic", i, "name"], "HC111", `magic '${m.name}' is defined twice`, "remove the duplicate"); break; }
      const samePlace = (m.register ?? m.location ?? "") === (o.register ?? o.location ?? "");
      const shareArch = m.arches.some((a) => o.arches.includes(a));
      if (samePlace && shareArch && m.value === o.value) {
        ctx.err(["magic", i, "value"], "HC105", `magic '${m.name}' has the same value (0x${m.value.toString(16)}) and place as '${o.name}'`,
          "a guest could not tell them apart; use distinct values or places");
        break;
      }
    }
  });
}

// Source positions in the *current* spec for `hcgen diff` findings, so every change points at the
// line a reviewer has to look at (for something that disappeared: the section it disappeared from).
import { locate, type LoadedSpec, type PathKey } from "../load.js";
import { isRaw, rawList } from "../spec-values.js";

export interface Pos { readonly file: string; readonly line: number; readonly col: number }

function indexByName(list: unknown, name: string): number {
  return rawList(list).findIndex((x) => isRaw(x) && x.name === name);
}

export class Where {
  constructor(readonly spec: LoadedSpec) {}

  at(path: readonly PathKey[]): Pos {
    const p = locate(this.spec, path);
    return { file: this.spec.file, line: p.line, col: p.col };
  }

  private get raw(): Record<string, unknown> { return isRaw(this.spec.value) ? this.spec.value : {}; }

  error(name: string): Pos {
    const errors = isRaw(this.raw.errors) ? this.raw.errors : {};
    const i = indexByName(errors.codes, name);
    return this.at(i >= 0 ? ["errors", "codes", i] : ["errors"]);
  }

  magic(name: string): Pos {
    const i = indexByName(this.raw.magic, name);
    return this.at(i >= 0 ? ["magic", i] : ["magic"]);
  }

  arch(arch: string, ...rest: PathKey[]): Pos {
    return this.at(["arches", arch, ...rest]);
  }

  trap(arch: string, name: string): Pos {
    const arches = isRaw(this.raw.arches) ? this.raw.arches : {};
    const own = isRaw(arches[arch]) ? (arches[arch] as Record<string, unknown>).traps : undefined;
    const i = indexByName(own, name);
    return this.at(i >= 0 ? ["arches", arch, "traps", i] : ["arches", arch]);
  }

  /** Where a call that is gone used to live: its group, else the top-level `calls`. */
  section(group: string | null): Pos {
    const gi = group === null ? -1 : indexByName(this.raw.groups, group);
    return this.at(gi >= 0 ? ["groups", gi] : this.raw.calls !== undefined ? ["calls"] : []);
  }

  /** The `acknowledged_breaks` entries of the spec. */
  acknowledgements(): { rule: string; name: string | null; reason: string }[] {
    return rawList(this.raw.acknowledged_breaks).filter(isRaw).map((a) => ({
      rule: String(a.rule), name: typeof a.name === "string" ? a.name : null, reason: String(a.reason ?? ""),
    }));
  }
}

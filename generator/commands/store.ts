// The per-user spec store (spec-store.ts) as the commands that load specs open it: on, unless
// --no-cache or HCGEN_NO_CACHE says otherwise.
import { openSpecStore, type SpecStore } from "../spec-store.js";
import { storeDirFor } from "../store-dir.js";
import type { Io } from "./io.js";

export { NO_CACHE_OPTION, noCacheHelp } from "../store-dir.js";

export function commandStore(values: { readonly "no-cache"?: boolean | undefined }, io: Io): SpecStore | null {
  return openSpecStore(storeDirFor(values, io), { writable: true });
}

// Every call of every ABI that validates (the demo fixture and the catalog), on every arch that has
// it: the handler sees exactly the arguments the stub was given, the stub gets exactly what the
// handler returned, and the status is the ABI's success.
import { describe, expect, it } from "vitest";
import type { ArchName } from "../../runtime/index.js";
import { catalogModel, demoModel } from "../emit-ts/emit-helpers.js";
import { generate } from "./generated.js";
import { roundTrip } from "./roundtrip.js";

const sets = [
  { name: "demo", model: demoModel() },
  { name: "catalog", model: catalogModel() },
];

for (const set of sets) {
  describe(`round trips: ${set.name}`, async () => {
    const gen = await generate(`roundtrip-${set.name}`, set.model);
    for (const abi of set.model.abis) {
      const cases = abi.calls.flatMap((c) => c.arches.map((a) => [c.name, a.arch] as const));
      it.each(cases)(`${abi.id}: %s on %s`, (call, arch) => {
        for (const salt of [0, 1]) {
          const rt = roundTrip(gen.get(abi.id)!, call, arch as ArchName, salt);
          expect(rt.got.outcome).toMatchObject({ kind: "returned", by: "handler", call });
          expect(rt.seen).toEqual([rt.given]);
          expect(rt.got.results).toEqual(rt.returned);
          if (rt.expectStatus !== undefined) expect(rt.got.status).toBe(rt.expectStatus);
          expect(rt.pcAfter).toBe(rt.pcBefore);
        }
      });
    }
  });
}

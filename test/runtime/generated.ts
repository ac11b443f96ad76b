// Emits a model's TS outputs into test/.tmp-<name>/ and imports them, for runtime tests.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Model } from "../../generator/model.js";
import type { AbiTable } from "../../runtime/index.js";
import { emitTo } from "../emit-ts/emit-helpers.js";

export interface GeneratedAbi {
  readonly id: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly table: AbiTable<any, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly stubs: Record<string, Record<string, (vcpu: any, args?: any) => any>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly module: Record<string, any>;
}

export async function generate(name: string, model: Model): Promise<Map<string, GeneratedAbi>> {
  const { dir } = emitTo(name, model);
  const out = new Map<string, GeneratedAbi>();
  for (const abi of model.abis) {
    const mod = await import(pathToFileURL(join(dir, "ts", `${abi.id}.ts`)).href);
    const stubs = await import(pathToFileURL(join(dir, "ts", `${abi.id}.stubs.ts`)).href);
    const table = Object.values(mod).find((v) => typeof v === "object" && v !== null && (v as { id?: unknown }).id === abi.id && "calls" in v);
    const stubObj = Object.values(stubs)[0];
    if (!table || !stubObj) throw new Error(`generated modules of ${abi.id} lack a table or stubs`);
    out.set(abi.id, { id: abi.id, table: table as GeneratedAbi["table"], stubs: stubObj as GeneratedAbi["stubs"], module: mod });
  }
  return out;
}

// Identifiers of the generated TS modules, all derived through generator/names.ts.
import type { Abi, Call } from "../model.js";
import { camel, constName, pascal } from "../names.js";

export interface AbiNames {
  readonly table: string;      // demoAbi
  readonly stubs: string;      // demoStubs
  readonly dispatch: string;   // demoDispatch
  readonly errorType: string;  // DemoErrorName
  readonly callsType: string;  // DemoCalls
  readonly handlersType: string; // DemoHandlers
  readonly errors: string;     // DEMO_ERRORS
  readonly magic: string;      // DEMO_MAGIC
  readonly ids: string;        // DEMO_CALL_IDS
  /** Per call: the Args / Results interface names (unique within the module). */
  readonly call: ReadonlyMap<string, { readonly args: string; readonly results: string }>;
}

const namesOf = new WeakMap<Abi, AbiNames>();

/** The ABI's identifiers, derived once per ABI (the table, stubs, dispatcher and index all ask; the model is frozen). */
export function abiNames(abi: Abi): AbiNames {
  let n = namesOf.get(abi);
  if (n === undefined) namesOf.set(abi, (n = deriveNames(abi)));
  return n;
}

function deriveNames(abi: Abi): AbiNames {
  const p = pascal(abi.id), c = constName(abi.id);
  const fixed = [`${p}ErrorName`, `${p}Calls`, `${p}Handlers`];
  const used = new Set(fixed);
  const call = new Map<string, { args: string; results: string }>();
  for (const k of abi.calls) {
    let base = pascal(k.name), n = 2;
    while (used.has(`${base}Args`) || used.has(`${base}Results`)) base = `${pascal(k.name)}${n++}`;
    used.add(`${base}Args`); used.add(`${base}Results`);
    call.set(k.name, { args: `${base}Args`, results: `${base}Results` });
  }
  return {
    table: `${camel(abi.id)}Abi`, stubs: `${camel(abi.id)}Stubs`, dispatch: `${camel(abi.id)}Dispatch`,
    errorType: fixed[0]!, callsType: fixed[1]!, handlersType: fixed[2]!,
    errors: `${c}_ERRORS`, magic: `${c}_MAGIC`, ids: `${c}_CALL_IDS`, call,
  };
}

export const callTypes = (names: AbiNames, call: Call): { readonly args: string; readonly results: string } => names.call.get(call.name)!;

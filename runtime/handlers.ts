// Handler sets: a module's handlers written once, as data, so the same file serves the emulator
// (registerHandlers on any Machine) and a real guest (`hcgen serve --handlers FILE`).
import type { Machine } from "./machine.js";
import type { AbiTable, CallNames, HandlerFor } from "./types.js";

/** Handlers for some of an ABI's calls, typed by call name. */
export type HandlersOf<T extends AbiTable<any, any>> = { readonly [K in CallNames<T>]?: HandlerFor<T, K> };

export interface HandlerSet<T extends AbiTable<any, any> = AbiTable<any, any>> {
  readonly abi: T;
  readonly handlers: HandlersOf<T>;
}

/** Typed constructor of a handler set (the call names and argument types come from the ABI's table). */
export function handlersFor<T extends AbiTable<any, any>>(abi: T, handlers: HandlersOf<T>): HandlerSet<T> {
  return { abi, handlers };
}

/** Where handlers print what a guest writes to its console (stdout under `hcgen serve`). */
export interface Host {
  write(text: string): void;
}

/** The default export of a handlers module: handler sets, or a function of the host that returns them. */
export type HandlerModule = readonly HandlerSet[] | ((host: Host) => readonly HandlerSet[]);

/** Registers every handler of every set on the machine (whose ABIs must include each set's ABI). */
export function registerHandlers(machine: Machine, sets: readonly HandlerSet[]): void {
  for (const s of sets)
    for (const [name, h] of Object.entries(s.handlers)) if (h !== undefined) machine.registerHypercall(s.abi, name as never, h as never);
}

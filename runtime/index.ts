// The hcgen runtime: executes hypercalls described by generated tables (see README.md).
export { Machine, type MachineOptions } from "./machine.js";
export { Vcpu, type VcpuOptions, type TrapExecutor } from "./vcpu.js";
export { GuestMemory, GuestAddressError, PAGE_SIZE } from "./memory.js";
export { formatTrace, lineTracer, type TraceEvent, type Tracer } from "./trace.js";
export { NOT_HYPERCALL, type CallReturn, type ReturnedResult, type RuntimeReason, type StepResult } from "./outcome.js";
export { resolveCall } from "./registry.js";
export type * from "./types.js";
export { AsyncHandlerError, syncResult } from "./handler-result.js";
export { handlersFor, registerHandlers, type HandlerModule, type HandlerSet, type HandlersOf, type Host } from "./handlers.js";

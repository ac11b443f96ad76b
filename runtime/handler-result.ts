// Handlers are synchronous: the guest's registers are written when the handler returns. A handler
// that returns a Promise (an `async` function) has not answered yet, so its result must not be
// encoded as success; every invoke path passes the result through syncResult, which turns a thenable
// into an AsyncHandlerError (the runtime then answers with the ABI's failed status and logs it).
// Async handlers may be supported later; until then this is the one place that says no.

export class AsyncHandlerError extends Error {
  override readonly name = "AsyncHandlerError";
}

const ignore = (): void => {};

/** Whether a handler's result is a thenable (one typeof and one property read: results are objects). */
export function isThenable(res: unknown): boolean {
  return typeof res === "object" && res !== null && typeof (res as { then?: unknown }).then === "function";
}

/** Returns `res` unchanged unless it is a thenable; then throws AsyncHandlerError. `call` is "abi.call". */
export function syncResult<T>(res: T, call: string): T {
  if (isThenable(res)) {
    // The answer is already given; a later rejection must not end the process as unhandled.
    try { (res as unknown as PromiseLike<unknown>).then(ignore, ignore); } catch { /* a hostile thenable */ }
    throw new AsyncHandlerError(`handler for ${call} returned a Promise: handlers are synchronous (return the results, not a Promise)`);
  }
  return res;
}

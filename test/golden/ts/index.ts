import { demoAbi } from "./demo.js";
export { demoAbi, DEMO_ERRORS, DEMO_MAGIC, DEMO_CALL_IDS, type DemoErrorName, type DemoCalls, type DemoHandlers } from "./demo.js";
export { demoStubs } from "./demo.stubs.js";
/** Every generated ABI table, in model order (sorted by id). */
export const ALL_ABIS = [demoAbi] as const;


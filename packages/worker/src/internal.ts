/**
 * What this repository's own hosts (apps/consumer) and tests use besides the public API. Resolved
 * only inside the monorepo (the `@tps/source` condition); not part of the published package.
 */
export { createHostedWorker, type WorkerHostOptions } from "./create-worker";
export type { Delivery } from "./delivery";
export { type ConsumerMetrics, createConsumerMetrics } from "./metrics";
export type { Runtime } from "./runtime";
export { readWorkerSettings, type WorkerSettings, workerEnvShape } from "./settings";
export {
  createSimulatedWork,
  createSleepTask,
  FAIL_PREFIX,
  SLEEP_PREFIX,
  type SleepLimits,
  simulate,
} from "./simulated-work";
export { StartupError } from "./wait-for";
export { callWork, type WorkFn, type WorkOutput } from "./work";

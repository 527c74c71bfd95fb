export { decodeCursor, encodeCursor } from "./domain/cursor";
export * from "./domain/errors";
export * from "./domain/message";
export * from "./domain/task";
export { idInSearch, MIN_PAYLOAD_SEARCH, matchesFilter, searchesPayload } from "./domain/task-filter";
export * from "./domain/task-state";
export type * from "./ports";
export { cancelMatching, cancelTask, cancelTasks } from "./use-cases/cancel-tasks";
export { createTasks } from "./use-cases/create-tasks";
export { deleteMatching, deleteTasks } from "./use-cases/delete-tasks";
export { CONSUMER_LIVENESS_MS, getOverview, type Overview, type OverviewDeps } from "./use-cases/overview";
export { type PublishDeps, publishNow } from "./use-cases/publish-now";
export {
  type PurgeOptions,
  type PurgeResult,
  purgeFinished,
  purgeStatuses,
} from "./use-cases/purge-finished";
export { countTasks, getTask, listTasks, taskEvents } from "./use-cases/read-tasks";
export { retryMatching, retryTask, retryTasks } from "./use-cases/retry-tasks";

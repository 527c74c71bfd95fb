export * from "./domain/activity-range";
export * from "./domain/audit-query";
export { decodeCursor, encodeCursor } from "./domain/cursor";
export * from "./domain/dead-letter";
export * from "./domain/errors";
export * from "./domain/idempotency";
export * from "./domain/message";
export * from "./domain/processing";
export * from "./domain/run-options";
export * from "./domain/schedule";
export * from "./domain/task";
export { idInSearch, MIN_PAYLOAD_SEARCH, matchesFilter, searchesPayload } from "./domain/task-filter";
export * from "./domain/task-schema";
export * from "./domain/task-state";
export * from "./domain/task-type";
export { storableText, toStorableText } from "./domain/text";
export { type GroupCommitOptions, groupCommit } from "./group-commit";
export * from "./limit-ports";
export type * from "./ports";
export type * from "./schedule-ports";
export { admitTasks } from "./use-cases/admit-tasks";
export { cancelMatching, cancelTask, cancelTasks } from "./use-cases/cancel-tasks";
export { createForCaller } from "./use-cases/create-for-caller";
export { createTasks } from "./use-cases/create-tasks";
export {
  type DeadLetterDeps,
  finishedTaskLetters,
  listDeadLetters,
  purgeDeadLetters,
  redriveDeadLetters,
} from "./use-cases/dead-letters";
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
export { retryMatching, retryTask, retryTaskNow, retryTasks } from "./use-cases/retry-tasks";
export {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  previewSchedule,
  type ScheduleDeps,
  updateSchedule,
} from "./use-cases/schedules";
export {
  type CallerScope,
  createTaskIntake,
  type TaskIntake,
  type TaskIntakeOptions,
} from "./use-cases/task-intake";

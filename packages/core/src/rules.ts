/**
 * The task rules a browser or a tool may import: statuses and which actions each allows, and the
 * dashboard's throughput ranges and the processing switch. Pure, with no dependency at all, so a
 * client bundle pulls in nothing else.
 */

export { ACTIVITY_RANGE_KEYS, ACTIVITY_RANGES, type ActivityRange } from "./domain/activity-range";
export { PAUSE_REASON_MAX, type ProcessingState } from "./domain/processing";
export { MAX_TASK_ID } from "./domain/task-id";
export {
  canCancel,
  canRetry,
  isTerminal,
  isWaitingToRetry,
  TASK_STATUSES,
  type TaskStatus,
  TERMINAL_STATUSES,
} from "./domain/task-state";

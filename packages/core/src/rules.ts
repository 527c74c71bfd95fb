/**
 * The task rules a browser or a tool may import: statuses and which actions each allows. Pure, with
 * no dependency at all, so a client bundle pulls in nothing else.
 */

export { PAUSE_REASON_MAX, type ProcessingState } from "./domain/processing";
export {
  canCancel,
  canRetry,
  isTerminal,
  TASK_STATUSES,
  type TaskStatus,
  TERMINAL_STATUSES,
} from "./domain/task-state";

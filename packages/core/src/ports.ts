import type { DeadLetterQueue, ProcessingControl } from "./control-ports";
import type { CancelSignal, TaskPublisher } from "./messaging-ports";
import type { ChangeFeed, ConsumerDirectory, QueueProbe } from "./overview-ports";
import type { ScheduleStore } from "./schedule-ports";
import type { TaskRepository } from "./task-repository-ports";
import type { TaskTypeCatalog } from "./task-type-ports";
import type { TaskIntake } from "./use-cases/task-intake";

// The ports live in one file per consumer or topic; this module gathers them (imports of "./ports"
// keep working) and holds the two that span them all: the logger and the API's set of ports.
export type * from "./audit-ports";
export type * from "./control-ports";
export type * from "./messaging-ports";
export type * from "./overview-ports";
export type * from "./task-repository-ports";
export type * from "./task-type-ports";
export type * from "./work-store-ports";

/** Structured logger (pino's call shape): context object first, message second. */
export interface Log {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

/** The ports the API's use cases run on; the web app's composition root wires them. */
export interface ApiPorts {
  repo: TaskRepository;
  publisher: TaskPublisher;
  /** Where creates go: concurrent calls share one insert and one publish (createTaskIntake). */
  intake: TaskIntake;
  cancelSignal: CancelSignal;
  consumers: ConsumerDirectory;
  queue: QueueProbe;
  changes: ChangeFeed;
  /** Whether consumers may claim work (admins pause and resume it). */
  processing: ProcessingControl;
  log: Log;
  /** The dead-letter queue; absent, the dead-letter procedures answer UNAVAILABLE. */
  deadLetters?: DeadLetterQueue;
  /** The registered task types: creates are checked against them. */
  types: TaskTypeCatalog;
  /** Cron schedules; absent, the schedule procedures answer UNAVAILABLE. */
  schedules?: ScheduleStore;
}

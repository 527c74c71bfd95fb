import type { ScheduleRecord } from "./domain/schedule";
import type { TaskRef } from "./ports";

/** A schedule to store: its task's stored input and the first tick to make (null while disabled). */
export interface NewSchedule
  extends Pick<
    ScheduleRecord,
    "type" | "payload" | "cron" | "timezone" | "enabled" | "priority" | "createdBy"
  > {
  nextRunAt: Date | null;
}

/** What an update writes; `nextRunAt` only when the timing changed (absent: the row's stays). */
export type ScheduleChanges = Partial<Omit<NewSchedule, "type" | "createdBy">>;

/** Cron schedules in storage (the API's side). */
export interface ScheduleStore {
  create(schedule: NewSchedule): Promise<ScheduleRecord>;
  /** Every schedule, oldest first, at most `limit`. */
  list(limit: number): Promise<ScheduleRecord[]>;
  get(id: string): Promise<ScheduleRecord | null>;
  /** Null when there is no such schedule. */
  update(id: string, changes: ScheduleChanges): Promise<ScheduleRecord | null>;
  /** False when there was no such schedule. The tasks its ticks made stay. */
  delete(id: string): Promise<boolean>;
}

/** One tick transaction's result. */
export interface ScheduleTicks {
  /** The tasks made, one per due schedule (unpublished: the publish loop sends them). */
  tasks: (TaskRef & { scheduleId: string })[];
  /** Ticks skipped by those schedules (downtime): each schedule made one catch-up task for them. */
  missed: number;
}

/** The workers' side: make due ticks, exactly one task per tick whatever the number of callers. */
export interface ScheduleTicker {
  /**
   * In one transaction: takes up to `limit` due enabled schedules (skipping rows another ticker
   * holds), inserts one task each and moves each to its first tick after now.
   */
  tick(limit: number): Promise<ScheduleTicks>;
  /**
   * Milliseconds from now until the soonest tick of any enabled schedule (negative when one is
   * due), on the database's clock, or null when there is none.
   */
  msUntilNextDue(): Promise<number | null>;
}

import { TaskError } from "../domain/errors";
import {
  type CreateScheduleInput,
  MAX_SCHEDULES,
  nextRunAfter,
  nextRuns,
  type Schedule,
  type ScheduleRecord,
  scheduledTaskIssues,
  toSchedule,
  type UpdateScheduleInput,
} from "../domain/schedule";
import type { TaskTypeCatalog } from "../ports";
import type { ScheduleChanges, ScheduleStore } from "../schedule-ports";
import { admitTasks, refuseInputIssues } from "./admit-tasks";

export interface ScheduleDeps {
  /** Absent: every schedule call answers UNAVAILABLE. */
  schedules?: ScheduleStore;
  types: TaskTypeCatalog;
}

const storeOf = (deps: ScheduleDeps): ScheduleStore => {
  if (!deps.schedules) throw new TaskError("UNAVAILABLE", "schedules are not available on this server");
  return deps.schedules;
};

const found = (record: ScheduleRecord | null, id: string): ScheduleRecord => {
  if (!record) throw new TaskError("NOT_FOUND", `schedule ${id} not found`);
  return record;
};

/** The input stored for a tick's task: checked against the type's schema as tasks.create checks it. */
async function admittedPayload(types: TaskTypeCatalog, type: string, input: unknown): Promise<string> {
  refuseInputIssues(scheduledTaskIssues(type, input));
  const [task] = await admitTasks(types, [{ type, input }], () => "");
  return task!.payload;
}

/** The first tick to make from now, or null while disabled. */
const firstTick = (cron: string, timezone: string, enabled: boolean, now: Date) =>
  enabled ? nextRunAfter(cron, timezone, now) : null;

export async function createSchedule(
  deps: ScheduleDeps,
  input: CreateScheduleInput,
  createdBy: string | null,
): Promise<{ id: string }> {
  const store = storeOf(deps);
  const payload = await admittedPayload(deps.types, input.type, input.input);
  const { id } = await store.create({
    type: input.type,
    payload,
    cron: input.cron,
    timezone: input.timezone,
    enabled: input.enabled,
    priority: input.priority,
    nextRunAt: firstTick(input.cron, input.timezone, input.enabled, new Date()),
    createdBy,
  });
  return { id };
}

export async function listSchedules(deps: ScheduleDeps): Promise<{ items: Schedule[] }> {
  const now = new Date();
  const records = await storeOf(deps).list(MAX_SCHEDULES);
  return { items: records.map((r) => toSchedule(r, now)) };
}

export async function getSchedule(deps: ScheduleDeps, id: string): Promise<Schedule> {
  return toSchedule(found(await storeOf(deps).get(id), id));
}

/**
 * Changes what is given. The next tick is computed anew only when the timing changed (cron,
 * timezone, or enabled again): otherwise a tick due now is still made.
 */
export async function updateSchedule(deps: ScheduleDeps, input: UpdateScheduleInput): Promise<Schedule> {
  const store = storeOf(deps);
  const current = found(await store.get(input.id), input.id);
  const changes: ScheduleChanges = {};
  if (input.input !== undefined)
    changes.payload = await admittedPayload(deps.types, current.type, input.input);
  if (input.priority !== undefined) changes.priority = input.priority;
  const cron = input.cron ?? current.cron;
  const timezone = input.timezone ?? current.timezone;
  const enabled = input.enabled ?? current.enabled;
  const retimed = cron !== current.cron || timezone !== current.timezone || enabled !== current.enabled;
  if (retimed) {
    Object.assign(changes, { cron, timezone, enabled });
    changes.nextRunAt = firstTick(cron, timezone, enabled, new Date());
  }
  return toSchedule(found(await store.update(input.id, changes), input.id));
}

export async function deleteSchedule(deps: ScheduleDeps, id: string): Promise<{ deleted: boolean }> {
  return { deleted: await storeOf(deps).delete(id) };
}

/** The next ticks of a pattern (for the console's form); the input is validated already. */
export function previewSchedule(input: { cron: string; timezone: string }): { nextRuns: string[] } {
  return { nextRuns: nextRuns(input.cron, input.timezone, new Date()).map((d) => d.toISOString()) };
}

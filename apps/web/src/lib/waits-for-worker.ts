import type { TaskTypeInfo } from "@tps/core";

type Served = Pick<TaskTypeInfo, "type" | "workersOnline" | "counts">;

/** Tasks of this type are waiting and no worker serving it is online: they will not move on their own. */
export const waitsForWorker = (info: Served): boolean => info.counts.PENDING > 0 && info.workersOnline === 0;

/** The warning shown for such a type (the task types page, and the tasks page filtered by it). */
export function noWorkerWarning(info: Served): string {
  const waiting = info.counts.PENDING.toLocaleString("en");
  const what = info.counts.PENDING === 1 ? "task waits" : "tasks wait";
  return `No worker for type ${info.type}: ${waiting} ${what} until a worker serving it starts.`;
}

import type { Task, TaskStatus, TasksClient } from "@tps/client";
import { isTerminal, TASK_STATUSES } from "@tps/client";

const PAGE = 100; // the API's largest page
const NOT_FINISHED: TaskStatus[] = TASK_STATUSES.filter((s) => !isTerminal(s));
/** Pages per status per poll: enough to count the last few hundred; beyond that "≥ 500" will do. */
const POLL_PAGES = 5;

/**
 * Tasks of one status with ids in [fromId, toId], through `tasks.list` pages (newest first, the
 * opaque cursor passed back as given), stopping below `fromId` or after `maxPages`; `complete` says
 * whether it reached `fromId`.
 */
export async function listRange(
  client: TasksClient,
  status: TaskStatus,
  fromId: number,
  toId: number,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<{ items: Task[]; complete: boolean }> {
  const items: Task[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const result = await client.tasks.list.query({ filter: { status }, cursor, limit: PAGE });
    for (const task of result.items) if (task.id >= fromId && task.id <= toId) items.push(task);
    const last = result.items.at(-1);
    if (result.nextCursor === null || !last || last.id <= fromId) return { items, complete: true };
    cursor = result.nextCursor;
  }
  return { items, complete: false };
}

export interface WaitProgress {
  total: number;
  /** Tasks of ours still PENDING or PROCESSING (a lower bound when `exact` is false). */
  unfinished: number;
  exact: boolean;
  elapsedMs: number;
}

/**
 * Polls until none of `ids` is PENDING or PROCESSING (or `timeoutMs` passes), then reads every
 * task's final state. Costs one list page per 100 unfinished tasks per poll (capped), and one page
 * per 100 tasks for the final read, instead of one `get` per task.
 */
export async function waitForTerminal(
  client: TasksClient,
  ids: readonly number[],
  options: { timeoutMs: number; pollMs?: number; onProgress?: (p: WaitProgress) => void },
): Promise<{ tasks: Map<number, Task>; timedOut: boolean; waitedMs: number }> {
  const started = performance.now();
  const mine = new Set(ids);
  // Loops, not Math.min(...ids): a spread of 100k+ arguments overflows the stack.
  let fromId = Number.POSITIVE_INFINITY;
  let toId = 0;
  for (const id of ids) {
    if (id < fromId) fromId = id;
    if (id > toId) toId = id;
  }
  let timedOut = false;

  while (ids.length > 0) {
    const lists = await Promise.all(NOT_FINISHED.map((s) => listRange(client, s, fromId, toId, POLL_PAGES)));
    const unfinished = lists.reduce((n, l) => n + l.items.filter((t) => mine.has(t.id)).length, 0);
    const exact = lists.every((l) => l.complete);
    options.onProgress?.({ total: ids.length, unfinished, exact, elapsedMs: performance.now() - started });
    if (unfinished === 0 && exact) break;
    if (performance.now() - started >= options.timeoutMs) {
      timedOut = true;
      break;
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1_000));
  }

  const tasks = new Map<number, Task>();
  if (ids.length > 0) {
    const lists = await Promise.all(TASK_STATUSES.map((s) => listRange(client, s, fromId, toId)));
    for (const { items } of lists) for (const task of items) if (mine.has(task.id)) tasks.set(task.id, task);
  }
  return { tasks, timedOut, waitedMs: performance.now() - started };
}

import { decodeCursor, encodeCursor } from "../domain/cursor";
import { TaskError } from "../domain/errors";
import type { ListQuery, Task, TaskCounts, TaskFilter, TaskPage, TimelineEntry } from "../domain/task";
import type { TaskRepository } from "../ports";

export async function getTask(repo: TaskRepository, id: number): Promise<Task> {
  const task = await repo.findById(id);
  if (!task) throw new TaskError("NOT_FOUND", `task ${id} not found`);
  return task;
}

export async function listTasks(repo: TaskRepository, query: ListQuery): Promise<TaskPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  if (after && query.sort === "finished" && !after.finishedAt) {
    throw new TaskError("BAD_REQUEST", "cursor belongs to another sort order");
  }
  const { items, next } = await repo.list({
    filter: query.filter,
    sort: query.sort,
    after,
    limit: query.limit,
  });
  return { items, nextCursor: next ? encodeCursor(next) : null };
}

export function countTasks(repo: TaskRepository, filter: TaskFilter = {}): Promise<TaskCounts> {
  return repo.countByStatus(filter);
}

export async function taskEvents(repo: TaskRepository, id: number): Promise<TimelineEntry[]> {
  const events = await repo.events(id);
  if (events.length === 0 && !(await repo.findById(id)))
    throw new TaskError("NOT_FOUND", `task ${id} not found`);
  return events;
}

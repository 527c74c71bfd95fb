import { TaskError } from "../domain/errors";
import type { ListQuery, Task, TaskCounts, TaskPage } from "../domain/task";
import type { TaskRepository } from "../ports";

export async function getTask(repo: TaskRepository, id: number): Promise<Task> {
  const task = await repo.findById(id);
  if (!task) throw new TaskError("NOT_FOUND", `task ${id} not found`);
  return task;
}

export function listTasks(repo: TaskRepository, query: ListQuery): Promise<TaskPage> {
  return repo.list(query);
}

export function countTasks(repo: TaskRepository): Promise<TaskCounts> {
  return repo.countByStatus();
}

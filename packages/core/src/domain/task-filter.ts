import type { TaskFilter } from "./task";

/** `123` or `#123` names a task id; anything else is only a payload substring. */
export function idInSearch(search: string | undefined): number | null {
  const match = search?.match(/^#?(\d{1,10})$/);
  const id = match ? Number(match[1]) : null;
  return id !== null && id > 0 && id <= 2_147_483_647 ? id : null;
}

/** The filter as a predicate, for in-memory ports and tests (the SQL adapter mirrors it). */
export function matchesFilter(
  task: { id: number; payload: string; status: string; createdAt: string },
  filter: TaskFilter,
): boolean {
  if (filter.status && task.status !== filter.status) return false;
  if (filter.createdFrom && Date.parse(task.createdAt) < Date.parse(filter.createdFrom)) return false;
  if (filter.createdTo && Date.parse(task.createdAt) > Date.parse(filter.createdTo)) return false;
  if (filter.search) {
    const text = filter.search.toLowerCase();
    if (task.id !== idInSearch(filter.search) && !task.payload.toLowerCase().includes(text)) return false;
  }
  return true;
}

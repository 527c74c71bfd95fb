import type { TaskFilter } from "./task";
import { MAX_TASK_ID } from "./task-id";

/** Shorter searches match ids only: a 1–2 character substring scan would touch most of the table. */
export const MIN_PAYLOAD_SEARCH = 3;

/** Whether `search` also looks for payload substrings (3 characters or more). */
export const searchesPayload = (search: string): boolean => search.length >= MIN_PAYLOAD_SEARCH;

/** `123` or `#123` names a task id; anything else is only a payload substring. */
export function idInSearch(search: string | undefined): number | null {
  const match = search?.match(/^#?(\d{1,16})$/);
  const id = match ? Number(match[1]) : null;
  return id !== null && id > 0 && id <= MAX_TASK_ID ? id : null;
}

/** The filter as a predicate, for in-memory ports and tests (the SQL adapter mirrors it). */
export function matchesFilter(
  task: { id: number; type?: string; payload: string; status: string; createdAt: string },
  filter: TaskFilter,
): boolean {
  if (filter.status && task.status !== filter.status) return false;
  if (filter.type && (task.type ?? "sleep") !== filter.type) return false;
  if (filter.createdFrom && Date.parse(task.createdAt) < Date.parse(filter.createdFrom)) return false;
  if (filter.createdTo && Date.parse(task.createdAt) > Date.parse(filter.createdTo)) return false;
  if (filter.search) {
    const text = filter.search.toLowerCase();
    const inPayload = searchesPayload(filter.search) && task.payload.toLowerCase().includes(text);
    if (task.id !== idInSearch(filter.search) && !inPayload) return false;
  }
  return true;
}

import { formatDateTime } from "./format-time";
import type { TaskQuery } from "./task-query";

/**
 * The filter in words, for confirmations:
 * `search “job-”, type demo.count, status PENDING, created after 2026-11-29 14:03:00 UTC`.
 */
export function describeFilter(query: TaskQuery, clock: (iso: string) => string = formatDateTime): string {
  const parts: string[] = [];
  if (query.search) parts.push(`search “${query.search}”`);
  if (query.type) parts.push(`type ${query.type}`);
  if (query.status) parts.push(`status ${query.status}`);
  if (query.from) parts.push(`created after ${clock(query.from)}`);
  if (query.to) parts.push(`created before ${clock(query.to)}`);
  return parts.length ? parts.join(", ") : "no filter (all tasks)";
}

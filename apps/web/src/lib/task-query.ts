import { TASK_STATUSES, type TaskFilter, type TaskSort, type TaskStatus } from "@tps/api/client";

/** What the tasks page shows, as kept in its URL: `?q=…&type=…&status=…&from=…&to=…&sort=finished`. */
export interface TaskQuery {
  search: string;
  /** A task type name (`sleep`, `demo.count`), or undefined for every type. */
  type: string | undefined;
  status: TaskStatus | undefined;
  /** ISO date-times (UTC), or "" when open-ended. */
  from: string;
  to: string;
  sort: TaskSort;
}

export const EMPTY_QUERY: TaskQuery = {
  search: "",
  type: undefined,
  status: undefined,
  from: "",
  to: "",
  sort: "created",
};

/**
 * The API's rule for type names (@tps/core's TASK_TYPE_PATTERN, restated because this file runs in
 * the browser, which must not load the core): a malformed `?type=` is dropped, not sent to a 400.
 */
const TYPE_PATTERN = /^[a-z][a-z0-9._-]{0,63}$/;

const isStatus = (value: string | null): value is TaskStatus =>
  (TASK_STATUSES as readonly string[]).includes(value ?? "");
const isIso = (value: string | null): value is string => !!value && !Number.isNaN(Date.parse(value));

/** Reads the URL's query; unknown or malformed values fall back to the defaults. */
export function parseTaskQuery(params: Pick<URLSearchParams, "get">): TaskQuery {
  const status = params.get("status");
  const from = params.get("from");
  const to = params.get("to");
  const type = params.get("type");
  return {
    search: params.get("q")?.trim().slice(0, 200) ?? "",
    type: type && TYPE_PATTERN.test(type) ? type : undefined,
    status: isStatus(status) ? status : undefined,
    from: isIso(from) ? from : "",
    to: isIso(to) ? to : "",
    sort: params.get("sort") === "finished" ? "finished" : "created",
  };
}

/** The URL query for `query`, leaving defaults out so plain links stay plain (`/tasks`). */
export function taskQueryToSearch(query: TaskQuery, extra?: URLSearchParams): string {
  const params = new URLSearchParams(extra);
  for (const key of ["q", "type", "status", "from", "to", "sort"]) params.delete(key);
  if (query.search) params.set("q", query.search);
  if (query.type) params.set("type", query.type);
  if (query.status) params.set("status", query.status);
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  if (query.sort !== "created") params.set("sort", query.sort);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The API filter for `query`; `withStatus: false` drops the status (counts per status of the rest). */
export function toTaskFilter(query: TaskQuery, withStatus = true): TaskFilter {
  const filter: TaskFilter = {};
  if (query.search) filter.search = query.search;
  if (query.type) filter.type = query.type;
  if (withStatus && query.status) filter.status = query.status;
  if (query.from) filter.createdFrom = new Date(query.from).toISOString();
  if (query.to) filter.createdTo = new Date(query.to).toISOString();
  return filter;
}

/** True when any part of the filter narrows the list (the sort does not). */
export const isFiltered = (query: TaskQuery) =>
  !!(query.search || query.type || query.status || query.from || query.to);

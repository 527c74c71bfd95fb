import type { ProcedurePath } from "@tps/api/client";
import type { AuditFilter } from "@tps/core";
import { MAX_TASK_ID } from "@tps/core/rules";

/**
 * What the audit page shows, as kept in its URL:
 * `?actor=…&action=tasks.cancel&target=…&taskId=42&outcome=ok&from=…&to=…`.
 */
export interface AuditPageQuery {
  /** Part of the actor's name, or an actor id. */
  actor: string;
  /** A procedure (`tasks.cancel`), a prefix (`tasks.`), or "" for every action. */
  action: string;
  /** Part of the target. */
  target: string;
  /** Entries about this task (`id=42`, or 42 in an `ids=` list). */
  taskId: number | undefined;
  /** `ok` or an error code, or "" for any outcome. */
  outcome: string;
  /** ISO date-times (UTC), or "" when open-ended. */
  from: string;
  to: string;
}

/** The filter `audit.list` takes (its input without the page's `before` and `limit`). */
export type AuditFilterInput = AuditFilter;

export const EMPTY_AUDIT_QUERY: AuditPageQuery = {
  actor: "",
  action: "",
  target: "",
  taskId: undefined,
  outcome: "",
  from: "",
  to: "",
};

/**
 * What the audit log records (every mutation, and sign-in attempts), grouped by area; a group's
 * prefix selects all of them.
 */
export const AUDIT_ACTIONS = [
  {
    label: "Tasks",
    prefix: "tasks.",
    actions: [
      "tasks.create",
      "tasks.createMany",
      "tasks.cancel",
      "tasks.cancelMany",
      "tasks.cancelMatching",
      "tasks.retry",
      "tasks.retryNow",
      "tasks.retryMany",
      "tasks.retryMatching",
      "tasks.delete",
      "tasks.deleteMatching",
    ],
  },
  {
    label: "Schedules",
    prefix: "schedules.",
    actions: ["schedules.create", "schedules.update", "schedules.delete"],
  },
  { label: "Processing", prefix: "processing.", actions: ["processing.pause", "processing.resume"] },
  { label: "Dead letters", prefix: "deadLetters.", actions: ["deadLetters.redrive", "deadLetters.purge"] },
  { label: "Users", prefix: "users.", actions: ["users.create", "users.update"] },
  { label: "API keys", prefix: "apiKeys.", actions: ["apiKeys.create", "apiKeys.revoke"] },
  // Not a procedure: the sign-in page's attempts, audited by the web app (actor: the email tried).
  { label: "Sign-ins", prefix: "auth.", actions: ["auth.signIn"] },
] as const satisfies readonly {
  label: string;
  prefix: string;
  actions: readonly (ProcedurePath | "auth.signIn")[];
}[];

/**
 * Outcomes worth picking from a list; any other code in the URL is kept and offered too. A call
 * that went through is `ok`, or `accepted` where its row is stored before it runs.
 */
export const AUDIT_OUTCOMES = [
  "accepted",
  "ok",
  "FORBIDDEN",
  "TOO_MANY_REQUESTS",
  "BAD_REQUEST",
  "NOT_FOUND",
  "CONFLICT",
  "UNAVAILABLE",
  "INTERNAL_SERVER_ERROR",
];

/*
 * The API's rules (@tps/core's auditListInput), restated because this file runs in the browser,
 * which must not load the core: a malformed value is dropped, not sent to a 400.
 */
const ACTION = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*\.?$/;
const OUTCOME = /^[A-Za-z_]{1,50}$/;
const TASK_ID = /^[1-9][0-9]{0,15}$/;
/** An ISO date-time with a zone (Z or ±hh:mm), years 0001-9999 in UTC. */
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

const text = (value: string | null) => {
  const trimmed = value?.trim() ?? "";
  return trimmed.includes("\u0000") ? "" : trimmed.slice(0, 200);
};
const instant = (value: string | null) => {
  if (!value || !ISO.test(value)) return "";
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999 ? value : "";
};

/** Reads the URL's query; unknown or malformed values fall back to the defaults. */
export function parseAuditQuery(params: Pick<URLSearchParams, "get">): AuditPageQuery {
  const action = params.get("action") ?? "";
  const outcome = params.get("outcome") ?? "";
  const taskId = params.get("taskId") ?? "";
  const id = TASK_ID.test(taskId) ? Number(taskId) : undefined;
  let from = instant(params.get("from"));
  let to = instant(params.get("to"));
  if (from && to && Date.parse(from) > Date.parse(to)) from = to = "";
  return {
    actor: text(params.get("actor")),
    action: action.length <= 100 && ACTION.test(action) ? action : "",
    target: text(params.get("target")),
    taskId: id !== undefined && id <= MAX_TASK_ID ? id : undefined,
    outcome: OUTCOME.test(outcome) ? outcome : "",
    from,
    to,
  };
}

/** The URL query for `query` (with a leading `?`), leaving empty parts out: `/audit` stays plain. */
export function auditQueryToSearch(query: AuditPageQuery): string {
  const params = new URLSearchParams();
  if (query.actor) params.set("actor", query.actor);
  if (query.action) params.set("action", query.action);
  if (query.target) params.set("target", query.target);
  if (query.taskId !== undefined) params.set("taskId", String(query.taskId));
  if (query.outcome) params.set("outcome", query.outcome);
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The API filter for `query`. */
export function toAuditFilter(query: AuditPageQuery): AuditFilterInput {
  const filter: AuditFilterInput = {};
  if (query.actor) filter.actor = query.actor;
  if (query.action) filter.procedure = query.action;
  if (query.target) filter.target = query.target;
  if (query.taskId !== undefined) filter.taskId = query.taskId;
  if (query.outcome) filter.outcome = query.outcome;
  if (query.from) filter.from = query.from;
  if (query.to) filter.to = query.to;
  return filter;
}

/** Whether an outcome is a call that went through (the others are refusals and errors). */
export const isDoneOutcome = (outcome: string) => outcome === "ok" || outcome === "accepted";

export const isAuditFiltered = (query: AuditPageQuery) => Object.keys(toAuditFilter(query)).length > 0;

/** The audit page filtered to one task's entries (the task page links to it). */
export const auditTaskHref = (taskId: number) =>
  `/audit${auditQueryToSearch({ ...EMPTY_AUDIT_QUERY, taskId })}`;

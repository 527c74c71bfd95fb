/**
 * The shape of a procedure's contract (contract.ts holds the table). It imports only the roles, so
 * the per-area tables and access.ts can all use it without tying each other in a cycle.
 */
import type { Role } from "./roles";

/** Which of a principal's limits a call counts against: creates, bulk actions, or any other call. */
export type LimitClass = "creates" | "bulk" | "calls";

/** Error statuses a REST operation documents besides the ones every operation may answer. */
export type RestErrorStatus = "400" | "404" | "409";

/** How a procedure is reached over REST (below /api/v1) and how its OpenAPI operation reads. */
export interface RestContract {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI path template, relative to /api/v1; `{id}` is the only path parameter. */
  path: string;
  /** The HTTP status of a success. */
  status: 200 | 201;
  summary: string;
  tag: "tasks" | "task-types" | "schedules" | "dead-letters";
  /**
   * The success body: a schema component of the OpenAPI document, `Name[]` for an array of them.
   * (No procedure declares a zod output; the shapes are JSON Schemas in apps/web, one each.)
   */
  response: string;
  /**
   * A batch: its body may be as long as the API's body cap (the tRPC route's, API_MAX_BODY_BYTES)
   * rather than REST's 1 MiB for one task.
   */
  batchBody?: true;
  /** What this operation's own refusals mean. 401, 403, 413, 429 and 503 are documented for all. */
  errors: Readonly<Partial<Record<RestErrorStatus, string>>>;
}

export interface ProcedureContract {
  /** The lowest role that may call it. */
  role: Role;
  /** Which of the caller's rate limits a call takes a point of. */
  limit: LimitClass;
  /** Refused to API keys: a signed-in user only. */
  sessionOnly?: true;
  rest?: RestContract;
}

/** Refusals several operations share, worded once. */
export const INVALID_ID = "Invalid id.";
export const NO_SUCH_TASK = "No such task.";

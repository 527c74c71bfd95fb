import { type Settlement, TASK_STATUSES, type TaskStatus, type TaskTransition, TRANSITIONS } from "@tps/core";
import { Prisma } from "@tps/db";

/**
 * `status IN (<the statuses the state machine lets this transition leave>)`, for a conditional
 * write. Literals rather than a bound array, so the planner can match the partial indexes on status.
 */
export const statusIn = (statuses: readonly TaskStatus[]): Prisma.Sql =>
  Prisma.raw(`status IN (${statuses.map((s) => `'${TASK_STATUSES[TASK_STATUSES.indexOf(s)]}'`).join(", ")})`);

export const allowedFrom = (transition: TaskTransition): Prisma.Sql => statusIn(TRANSITIONS[transition].from);

const SETTLE_OUTCOMES = ["complete", "backoff", "fail", "release"] as const satisfies Settlement["outcome"][];

/**
 * The statuses a settle may leave. One batch statement settles mixed outcomes with one predicate, so
 * the outcomes must share their source in the state machine; this fails at load if that ever changes.
 */
export const SETTLE_FROM: readonly TaskStatus[] = (() => {
  const sources = new Set(SETTLE_OUTCOMES.map((o) => TRANSITIONS[o].from.join()));
  if (sources.size !== 1) throw new Error("settle outcomes must leave the same statuses");
  return TRANSITIONS.complete.from;
})();

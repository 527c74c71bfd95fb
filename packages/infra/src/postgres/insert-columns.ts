import { type NewTask, SLEEP_TYPE } from "@tps/core";
import { Prisma } from "@tps/db";

/** New tasks as insert columns; a plain string is a `sleep` task (the seed's payload). */
export function columnsOf(items: readonly (string | NewTask)[]) {
  const tasks = items.map((i) => (typeof i === "string" ? { payload: i } : i));
  return {
    types: tasks.map((t) => t.type ?? SLEEP_TYPE),
    payloads: tasks.map((t) => t.payload),
    attempts: tasks.map((t) => t.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
    runAts: tasks.map((t) => t.availableAt ?? null),
    expiries: tasks.map((t) => t.expiresAt ?? null),
    priorities: tasks.map((t) => t.priority ?? 0),
    schedules: tasks.map((t) => t.scheduleId ?? null),
  };
}

type Columns = ReturnType<typeof columnsOf>;

/**
 * The run options' columns of an insert (`input` holds r, e, pr, sc): a run time ahead of now is
 * stored as available_at with published_at NULL (not sent by the API: the reconcilers' publish loop
 * sends it when due); any other task is marked published now.
 */
export const runColumns = Prisma.sql`GREATEST(COALESCE(r, now()), now()), e, pr, sc::uuid,
  CASE WHEN r > now() THEN NULL ELSE now() END`;
export const runArrays = (c: Columns) =>
  Prisma.sql`${c.runAts}::timestamptz[], ${c.expiries}::timestamptz[], ${c.priorities}::smallint[], ${c.schedules}::text[]`;

/** The column default of tasks.max_attempts, for tasks whose type gave none. */
const DEFAULT_MAX_ATTEMPTS = 3;

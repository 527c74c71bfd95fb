/**
 * The largest task id. Ids are PostgreSQL bigints (migration 20261208000000_bigint_task_ids) held as
 * JS numbers, which are exact only up to 2^53 - 1: some 95,000 years of ids at 3,000 tasks/s. A
 * larger id is refused at the door (a 400 or a dead letter), never sent on to the database.
 */
export const MAX_TASK_ID = Number.MAX_SAFE_INTEGER;

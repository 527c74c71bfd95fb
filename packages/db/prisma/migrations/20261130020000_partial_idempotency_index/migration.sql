-- Few tasks carry an idempotency key, yet the unique index held an entry for every row version:
-- each insert, claim and settle wrote one more index entry for a NULL (12-15 % of the time of a
-- 10,000-row insert or status UPDATE, measured on a scratch copy). Only keys are indexed now. An
-- insert names the predicate in ON CONFLICT (see packages/infra/src/postgres/task-repository.ts),
-- and a lookup by key (idempotency_key = ANY(...)) implies it. Rebuilding blocks writes to "tasks"
-- for a moment per million rows.
DROP INDEX "tasks_idempotency_key_key";
CREATE UNIQUE INDEX "tasks_idempotency_key_key" ON "tasks" ("idempotency_key")
  WHERE "idempotency_key" IS NOT NULL;

-- When and how fast (issue 22): delays, expiry, priorities, limits per task type and cron schedules.
--
-- tasks: every new column is nullable or has a constant default, so adding it is a catalog-only
-- change (no table rewrite), the brief ACCESS EXCLUSIVE lock waits at most lock_timeout rather than
-- queue every claim and settle behind it (the deploy then fails and is run again: each step may be
-- repeated). Indexes are built CONCURRENTLY (outside any transaction).
--   priority      0-9, higher starts first (9 and 0 travel apart: see the priority lane of the publisher)
--   expires_at    a task not started by then ends CANCELED with the reason "expired" (ttlMs)
--   schedule_id   the cron schedule whose tick made it (for "last tasks" of a schedule)
--   waiting_on    why a PENDING task is held back by the limits of its type: 'concurrency' or 'rate'
--   concurrency_key  the key the concurrency limit of the type counts it under (woken when a slot frees)
-- A delayed task is PENDING with available_at = its run time and published_at NULL: the
-- publish loop of the reconcilers sends it when due (the outbox that already sends backoffs).
BEGIN;
SELECT set_config('lock_timeout', '5s', true);
ALTER TABLE tasks
  ADD COLUMN IF NOT EXISTS priority smallint NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS expires_at timestamptz(3),
  ADD COLUMN IF NOT EXISTS schedule_id uuid,
  ADD COLUMN IF NOT EXISTS waiting_on text,
  ADD COLUMN IF NOT EXISTS concurrency_key text;
COMMIT;

SELECT set_config('lock_timeout', '5s', false);
CREATE INDEX CONCURRENTLY IF NOT EXISTS "tasks_waiting_idx" ON "tasks" ("type", "concurrency_key", "priority" DESC, "id")
  WHERE "status" = 'PENDING' AND "waiting_on" IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS "tasks_expiry_idx" ON "tasks" ("expires_at")
  WHERE "status" = 'PENDING' AND "expires_at" IS NOT NULL;
-- The publish loop sends due unpublished tasks highest priority first: a walk of this index, not a
-- sort of every due row (a backlog after a broker outage can be large).
CREATE INDEX CONCURRENTLY IF NOT EXISTS "tasks_unpublished_priority_idx" ON "tasks" ("priority" DESC, "available_at")
  WHERE "status" = 'PENDING' AND "published_at" IS NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS "tasks_schedule_idx" ON "tasks" ("schedule_id", "id" DESC)
  WHERE "schedule_id" IS NOT NULL;
SELECT set_config('lock_timeout', '0', false);

-- The limits a worker declared for the type (shown in the console, enforced by the workers).
ALTER TABLE task_types
  ADD COLUMN IF NOT EXISTS concurrency_limit integer,
  ADD COLUMN IF NOT EXISTS concurrency_keyed boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS rate_limit_max integer,
  ADD COLUMN IF NOT EXISTS rate_limit_per_ms integer,
  ADD COLUMN IF NOT EXISTS rate_limit_keyed boolean NOT NULL DEFAULT false;

-- Cron schedules: each tick makes one task. next_run_at is the next tick to make (NULL while
-- disabled), a scheduler takes a due row FOR UPDATE SKIP LOCKED, inserts the task and moves
-- next_run_at past now in the same transaction, so a tick makes exactly one task however many
-- processes run the scheduler, and a downtime makes one catch-up task, not one per missed tick.
CREATE TABLE IF NOT EXISTS "schedules" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  "type" text NOT NULL,
  "payload" text NOT NULL,
  "cron" text NOT NULL,
  "timezone" text NOT NULL DEFAULT 'UTC',
  "enabled" boolean NOT NULL DEFAULT true,
  "priority" smallint NOT NULL DEFAULT 0,
  "next_run_at" timestamptz(3),
  "last_run_at" timestamptz(3),
  "last_task_id" bigint,
  "ticks_missed" bigint NOT NULL DEFAULT 0,
  "created_by" text,
  "created_at" timestamptz(3) NOT NULL DEFAULT now(),
  "updated_at" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX CONCURRENTLY IF NOT EXISTS "schedules_due_idx" ON "schedules" ("next_run_at") WHERE "enabled";

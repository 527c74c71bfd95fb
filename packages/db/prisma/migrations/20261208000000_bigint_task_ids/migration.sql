-- Task ids become bigint (issue 21, item 1): an int4 id runs out after 2,147,483,647 tasks, about
-- 8 days at 3,000 tasks/s, and then every create fails. Every column holding a task id moves too:
-- tasks.id, task_events.task_id, task_search.task_id, and the sequence (AS bigint).
--
-- Online, for a busy table: `ALTER COLUMN ... TYPE bigint` rewrites the tables and all their indexes
-- under an ACCESS EXCLUSIVE lock, which stops the whole pipeline for the rewrite: 40.6 s on 1,000,000
-- tasks and 3,000,000 events (bench/migrations/bigint-ids.ts, 2 cores). This way took 200 s there,
-- with the locks that stop writers held for 0.55 s (the swap), and a reader's worst wait 163 ms and
-- a writer's 483 ms meanwhile, with no error. Instead, for each column:
--   1. a bigint twin column (catalog only) that a row trigger fills on every insert,
--   2. a backfill in batches of 5,000 rows, each committed at once (a procedure with COMMIT), that
--      skips rows a claim or settle holds (SKIP LOCKED) and comes back for them,
--   3. a NOT NULL check added NOT VALID and validated (no lock that stops writes), and every index
--      that names the column built again on the twin CONCURRENTLY,
--   4. one short transaction that swaps the columns: old column and its indexes dropped, twin
--      renamed, primary keys taken over from the unique indexes, the sequence AS bigint, the
--      foreign key added NOT VALID. It holds ACCESS EXCLUSIVE on the three tables well under a second
--      (32 ms with 50,000 tasks, 0.55 s with 1,000,000 under load), and waits for it at most 1 s a
--      try (so writers never queue behind it for longer), up to 30 tries,
--   5. the foreign key validated (SHARE UPDATE EXCLUSIVE: reads and writes go on).
-- Deploy the API and consumers of this release first: their code reads ids as int4 or int8 alike
-- (safeNumber in @tps/db). Older code reads an int8 id as a string through node-postgres.
--
-- The runner runs each statement on its own (no transaction around the script), so the backfill's
-- COMMIT and CREATE INDEX CONCURRENTLY work. If a step fails, everything before the swap may be run
-- again (`prisma migrate resolve --rolled-back`, then deploy): each step repeats safely, and an index
-- left invalid by a failed concurrent build is dropped and built again. The swap is one transaction.
-- No semicolons inside comments or bodies (Prisma splits the script at each): bodies spell them \073.

SELECT set_config('lock_timeout', '5s', false);

-- 1. Twin columns and the triggers that fill them (ADD COLUMN without default: catalog only).
BEGIN;
SELECT set_config('lock_timeout', '5s', true);
ALTER TABLE "tasks" ADD COLUMN IF NOT EXISTS "id_bigint" BIGINT;
ALTER TABLE "task_events" ADD COLUMN IF NOT EXISTS "task_id_bigint" BIGINT;
ALTER TABLE "task_search" ADD COLUMN IF NOT EXISTS "task_id_bigint" BIGINT;
CREATE OR REPLACE FUNCTION tasks_id_bigint_fill() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  NEW.id_bigint := NEW.id\073
  RETURN NEW\073
END';
CREATE OR REPLACE FUNCTION task_id_bigint_fill() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  NEW.task_id_bigint := NEW.task_id\073
  RETURN NEW\073
END';
CREATE OR REPLACE TRIGGER tasks_id_bigint_fill BEFORE INSERT OR UPDATE OF "id" ON "tasks"
  FOR EACH ROW EXECUTE FUNCTION tasks_id_bigint_fill();
CREATE OR REPLACE TRIGGER task_events_task_id_bigint_fill BEFORE INSERT OR UPDATE OF "task_id" ON "task_events"
  FOR EACH ROW EXECUTE FUNCTION task_id_bigint_fill();
CREATE OR REPLACE TRIGGER task_search_task_id_bigint_fill BEFORE INSERT OR UPDATE OF "task_id" ON "task_search"
  FOR EACH ROW EXECUTE FUNCTION task_id_bigint_fill();
COMMIT;

-- 2. Backfill: copies `src` into `dst` in key ranges of `batch` rows, committing each range, so no
-- row stays locked for longer than one batch. Rows locked by the pipeline are skipped and picked up
-- by the next pass, the last pass waits for them (under lock_timeout).
CREATE OR REPLACE PROCEDURE tps_backfill_bigint(tbl text, key text, src text, dst text, batch integer)
LANGUAGE plpgsql AS E'DECLARE
  lo bigint\073
  hi bigint\073
  pass integer := 0\073
  skip text\073
BEGIN
  LOOP
    pass := pass + 1\073
    EXECUTE format(''SELECT min(%I), max(%I) FROM %I WHERE %I IS NULL'', key, key, tbl, dst) INTO lo, hi\073
    EXIT WHEN lo IS NULL\073
    skip := CASE WHEN pass < 5 THEN ''SKIP LOCKED'' ELSE '''' END\073
    WHILE lo <= hi LOOP
      EXECUTE format(''UPDATE %I SET %I = %I WHERE %I = ANY(ARRAY(SELECT %I FROM %I WHERE %I >= $1 AND %I < $2 AND %I IS NULL FOR UPDATE %s))'',
                     tbl, dst, src, key, key, tbl, key, key, dst, skip) USING lo, lo + batch\073
      COMMIT\073
      lo := lo + batch\073
    END LOOP\073
  END LOOP\073
END';

CALL tps_backfill_bigint('tasks', 'id', 'id', 'id_bigint', 5000);
CALL tps_backfill_bigint('task_search', 'task_id', 'task_id', 'task_id_bigint', 5000);
CALL tps_backfill_bigint('task_events', 'id', 'task_id', 'task_id_bigint', 5000);
DROP PROCEDURE tps_backfill_bigint(text, text, text, text, integer);

-- 3. NOT NULL proven without a long lock: a check added NOT VALID (catalog only), then validated
-- under SHARE UPDATE EXCLUSIVE. The swap's SET NOT NULL then skips its table scan.
BEGIN;
SELECT set_config('lock_timeout', '5s', true);
ALTER TABLE "tasks" DROP CONSTRAINT IF EXISTS "tasks_id_bigint_not_null";
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_id_bigint_not_null" CHECK ("id_bigint" IS NOT NULL) NOT VALID;
ALTER TABLE "task_events" DROP CONSTRAINT IF EXISTS "task_events_task_id_bigint_not_null";
ALTER TABLE "task_events" ADD CONSTRAINT "task_events_task_id_bigint_not_null" CHECK ("task_id_bigint" IS NOT NULL) NOT VALID;
ALTER TABLE "task_search" DROP CONSTRAINT IF EXISTS "task_search_task_id_bigint_not_null";
ALTER TABLE "task_search" ADD CONSTRAINT "task_search_task_id_bigint_not_null" CHECK ("task_id_bigint" IS NOT NULL) NOT VALID;
COMMIT;
ALTER TABLE "tasks" VALIDATE CONSTRAINT "tasks_id_bigint_not_null";
ALTER TABLE "task_events" VALIDATE CONSTRAINT "task_events_task_id_bigint_not_null";
ALTER TABLE "task_search" VALIDATE CONSTRAINT "task_search_task_id_bigint_not_null";

-- Every index that names a task id, built again on the twin without blocking writes.
DROP INDEX CONCURRENTLY IF EXISTS "tasks_id_bigint_key";
CREATE UNIQUE INDEX CONCURRENTLY "tasks_id_bigint_key" ON "tasks" ("id_bigint");
DROP INDEX CONCURRENTLY IF EXISTS "tasks_status_id_bigint_idx";
CREATE INDEX CONCURRENTLY "tasks_status_id_bigint_idx" ON "tasks" ("status", "id_bigint" DESC);
DROP INDEX CONCURRENTLY IF EXISTS "tasks_finished_at_id_bigint_idx";
CREATE INDEX CONCURRENTLY "tasks_finished_at_id_bigint_idx" ON "tasks" ("finished_at", "id_bigint")
  WHERE "finished_at" IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS "tasks_status_short_payload_bigint_idx";
CREATE INDEX CONCURRENTLY "tasks_status_short_payload_bigint_idx" ON "tasks" ("status", "id_bigint" DESC)
  INCLUDE ("payload") WHERE octet_length("payload") <= 2000;
DROP INDEX CONCURRENTLY IF EXISTS "tasks_status_long_payload_bigint_idx";
CREATE INDEX CONCURRENTLY "tasks_status_long_payload_bigint_idx" ON "tasks" ("status", "id_bigint" DESC)
  WHERE octet_length("payload") > 2000;
DROP INDEX CONCURRENTLY IF EXISTS "task_events_task_id_bigint_idx";
CREATE INDEX CONCURRENTLY "task_events_task_id_bigint_idx" ON "task_events" ("task_id_bigint", "id");
DROP INDEX CONCURRENTLY IF EXISTS "task_search_task_id_bigint_key";
CREATE UNIQUE INDEX CONCURRENTLY "task_search_task_id_bigint_key" ON "task_search" ("task_id_bigint");

-- 4. The swap, in one transaction. Each try waits at most 1 s for its locks (tasks first, the order
-- in which the pipeline's transactions take them), and a try that times out lets go of everything
-- it took, so writers are never held up behind this for more than a second at a time.
DO E'DECLARE
  try integer\073
BEGIN
  FOR try IN 1..30 LOOP
    BEGIN
      PERFORM set_config(''lock_timeout'', ''1s'', true)\073
      LOCK TABLE "tasks", "task_events", "task_search" IN ACCESS EXCLUSIVE MODE\073
      EXIT\073
    EXCEPTION WHEN lock_not_available THEN
      IF try = 30 THEN RAISE\073 END IF\073
      PERFORM pg_sleep(0.5 + random())\073
    END\073
  END LOOP\073

  ALTER TABLE "task_events" DROP CONSTRAINT "task_events_task_id_fkey"\073
  DROP TRIGGER "tasks_id_bigint_fill" ON "tasks"\073
  DROP TRIGGER "task_events_task_id_bigint_fill" ON "task_events"\073
  DROP TRIGGER "task_search_task_id_bigint_fill" ON "task_search"\073

  ALTER TABLE "tasks" ALTER COLUMN "id" DROP DEFAULT\073
  ALTER SEQUENCE "tasks_id_seq" OWNED BY NONE\073
  ALTER TABLE "tasks" DROP COLUMN "id"\073
  ALTER TABLE "tasks" RENAME COLUMN "id_bigint" TO "id"\073
  ALTER TABLE "tasks" ALTER COLUMN "id" SET NOT NULL\073
  ALTER TABLE "tasks" DROP CONSTRAINT "tasks_id_bigint_not_null"\073
  ALTER TABLE "tasks" ADD CONSTRAINT "tasks_pkey" PRIMARY KEY USING INDEX "tasks_id_bigint_key"\073
  ALTER SEQUENCE "tasks_id_seq" AS bigint OWNED BY "tasks"."id"\073
  ALTER TABLE "tasks" ALTER COLUMN "id" SET DEFAULT nextval(''tasks_id_seq''::regclass)\073
  ALTER INDEX "tasks_status_id_bigint_idx" RENAME TO "tasks_status_id_idx"\073
  ALTER INDEX "tasks_finished_at_id_bigint_idx" RENAME TO "tasks_finished_at_idx"\073
  ALTER INDEX "tasks_status_short_payload_bigint_idx" RENAME TO "tasks_status_short_payload_idx"\073
  ALTER INDEX "tasks_status_long_payload_bigint_idx" RENAME TO "tasks_status_long_payload_idx"\073

  ALTER TABLE "task_events" DROP COLUMN "task_id"\073
  ALTER TABLE "task_events" RENAME COLUMN "task_id_bigint" TO "task_id"\073
  ALTER TABLE "task_events" ALTER COLUMN "task_id" SET NOT NULL\073
  ALTER TABLE "task_events" DROP CONSTRAINT "task_events_task_id_bigint_not_null"\073
  ALTER INDEX "task_events_task_id_bigint_idx" RENAME TO "task_events_task_id_idx"\073

  ALTER TABLE "task_search" DROP COLUMN "task_id"\073
  ALTER TABLE "task_search" RENAME COLUMN "task_id_bigint" TO "task_id"\073
  ALTER TABLE "task_search" ALTER COLUMN "task_id" SET NOT NULL\073
  ALTER TABLE "task_search" DROP CONSTRAINT "task_search_task_id_bigint_not_null"\073
  ALTER TABLE "task_search" ADD CONSTRAINT "task_search_pkey" PRIMARY KEY USING INDEX "task_search_task_id_bigint_key"\073

  ALTER TABLE "task_events" ADD CONSTRAINT "task_events_task_id_fkey" FOREIGN KEY ("task_id")
    REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID\073
END';

DROP FUNCTION tasks_id_bigint_fill();
DROP FUNCTION task_id_bigint_fill();

-- 5. The foreign key checked over the existing rows: SHARE UPDATE EXCLUSIVE on task_events and
-- ROW SHARE on tasks, so the pipeline goes on.
ALTER TABLE "task_events" VALIDATE CONSTRAINT "task_events_task_id_fkey";

-- The audit log's task ids: up to 18 digits (as taskIdsInTarget in packages/core), not 10. The
-- function backs an index, so the index is built again (concurrently) to match it.
CREATE OR REPLACE FUNCTION audit_task_ids(target text) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS 'SELECT array_agg(n::bigint)
      FROM unnest(string_to_array(substring(target FROM ''^(?:id=[0-9]+(?: |$))?ids=([0-9,]+)''), '','')
                  || substring(target FROM ''^id=([0-9]+)(?: |$)'')) AS n
      WHERE n ~ ''^[0-9]{1,18}$''';
REINDEX INDEX CONCURRENTLY "audit_log_task_ids_idx";

SELECT set_config('lock_timeout', '0', false);

-- Payload search moves to a table of its own, so that changing a task's status no longer rewrites
-- its payload's trigrams.
--
-- A status change cannot be a HOT update (status is indexed), so every claim, settle and cancel
-- inserted each payload's trigrams into tasks_payload_trgm_idx again: about 45 % of a 10,000-row
-- status UPDATE's time with 40-byte payloads, and a claim of 200 took 507 ms instead of 49 ms
-- with 64 KiB payloads. "task_search" holds a copy of each payload (payloads never change) and the
-- trigram index. It is written once, by statement-level triggers on insert, delete and truncate,
-- so every writer of "tasks" keeps it exact. Searches test "tasks".payload and look the matches
-- up here (packages/infra/src/postgres/task-filter-sql.ts).
--
-- As in the status counts migration: no semicolons in comments, plpgsql bodies spell theirs as
-- \073 in E'' strings, and the migration runs in one transaction. Copying 1,000,000 rows and
-- building the index takes a few seconds here, and blocks writes to "tasks" meanwhile.

BEGIN;

CREATE TABLE "task_search" (
    "task_id" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,

    CONSTRAINT "task_search_pkey" PRIMARY KEY ("task_id")
);

INSERT INTO "task_search" ("task_id", "payload") SELECT "id", "payload" FROM "tasks";

CREATE INDEX "task_search_payload_trgm_idx" ON "task_search" USING gin ("payload" gin_trgm_ops);
DROP INDEX "tasks_payload_trgm_idx";

CREATE FUNCTION task_search_on_insert() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "task_search" ("task_id", "payload") SELECT id, payload FROM new_rows\073
  RETURN NULL\073
END';

CREATE FUNCTION task_search_on_delete() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  DELETE FROM "task_search" s USING old_rows o WHERE s."task_id" = o.id\073
  RETURN NULL\073
END';

CREATE FUNCTION task_search_on_truncate() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  TRUNCATE "task_search"\073
  RETURN NULL\073
END';

-- The copy stays exact only while payloads never change: refuse a change outright.
CREATE FUNCTION tasks_payload_unchanged() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  RAISE EXCEPTION ''a task''''s payload cannot change (task %)'', OLD.id\073
END';

CREATE TRIGGER task_search_insert AFTER INSERT ON "tasks"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION task_search_on_insert();
CREATE TRIGGER task_search_delete AFTER DELETE ON "tasks"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION task_search_on_delete();
CREATE TRIGGER task_search_truncate AFTER TRUNCATE ON "tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION task_search_on_truncate();
CREATE TRIGGER tasks_payload_unchanged BEFORE UPDATE OF "payload" ON "tasks"
  FOR EACH ROW WHEN (OLD."payload" IS DISTINCT FROM NEW."payload") EXECUTE FUNCTION tasks_payload_unchanged();

COMMIT;

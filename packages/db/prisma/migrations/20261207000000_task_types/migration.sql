-- Task types (the worker SDK): every task has a type, an output once COMPLETED and the progress its
-- work last reported. Workers register their types' JSON Schemas in "task_types".
--
-- Safe on a large, busy "tasks" table: each ALTER adds a column with a constant default or none,
-- which PostgreSQL records in the catalog without rewriting a row, so the ACCESS EXCLUSIVE lock it
-- takes lasts milliseconds, and lock_timeout makes it give up (and the deploy fail, to be run again)
-- rather than queue every claim behind a long reader. Existing tasks become type 'sleep', the seed's
-- work, whose input is the payload string itself (for every other type "payload" holds the input as
-- JSON text). Prisma splits scripts at semicolons: none inside comments, \073 in plpgsql bodies.

BEGIN;
SELECT set_config('lock_timeout', '5s', true);

ALTER TABLE "tasks" ADD COLUMN "type" TEXT NOT NULL DEFAULT 'sleep',
  ADD COLUMN "output" JSONB,
  ADD COLUMN "progress_percent" REAL,
  ADD COLUMN "progress_message" TEXT,
  ADD COLUMN "progress_at" TIMESTAMPTZ(3);

-- The latest registration of each type: the API validates creates against "input_schema".
CREATE TABLE "task_types" (
    "type" TEXT NOT NULL,
    "input_schema" JSONB NOT NULL,
    "output_schema" JSONB,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "timeout_ms" INTEGER,
    "registered_by" TEXT,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "task_types_pkey" PRIMARY KEY ("type")
);

-- The built-in type is known before any consumer starts (a create may come first).
INSERT INTO "task_types" ("type", "input_schema", "output_schema", "max_attempts")
VALUES ('sleep', '{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"string"}', NULL, 3);

-- Which types each worker process serves (its heartbeat row).
ALTER TABLE "consumers" ADD COLUMN "types" TEXT[] NOT NULL DEFAULT '{sleep}';

-- Counts per type and status: the status-count shards gain the type (all existing rows are 'sleep').
-- The triggers upsert, since a new type's rows do not exist up front.
ALTER TABLE "task_status_counts" ADD COLUMN "type" TEXT NOT NULL DEFAULT 'sleep';
ALTER TABLE "task_status_counts" DROP CONSTRAINT "task_status_counts_pkey";
ALTER TABLE "task_status_counts" ADD CONSTRAINT "task_status_counts_pkey" PRIMARY KEY ("type", "status", "shard");

CREATE OR REPLACE FUNCTION task_status_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE
  v_shard smallint := txid_current() % 16\073
  d record\073
BEGIN
  FOR d IN SELECT type, status, count(*) AS n FROM new_rows GROUP BY type, status ORDER BY type, status LOOP
    INSERT INTO "task_status_counts" AS c ("type", "status", "shard", "count") VALUES (d.type, d.status, v_shard, d.n)
    ON CONFLICT ("type", "status", "shard") DO UPDATE SET "count" = c."count" + EXCLUDED."count"\073
  END LOOP\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION task_status_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE
  v_shard smallint := txid_current() % 16\073
  d record\073
BEGIN
  FOR d IN SELECT type, status, sum(n) AS n
           FROM (SELECT type, status, 1 AS n FROM new_rows UNION ALL SELECT type, status, -1 FROM old_rows) moves
           GROUP BY type, status HAVING sum(n) <> 0 ORDER BY type, status LOOP
    INSERT INTO "task_status_counts" AS c ("type", "status", "shard", "count") VALUES (d.type, d.status, v_shard, d.n)
    ON CONFLICT ("type", "status", "shard") DO UPDATE SET "count" = c."count" + EXCLUDED."count"\073
  END LOOP\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION task_status_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE
  v_shard smallint := txid_current() % 16\073
  d record\073
BEGIN
  FOR d IN SELECT type, status, count(*) AS n FROM old_rows GROUP BY type, status ORDER BY type, status LOOP
    INSERT INTO "task_status_counts" AS c ("type", "status", "shard", "count") VALUES (d.type, d.status, v_shard, -d.n)
    ON CONFLICT ("type", "status", "shard") DO UPDATE SET "count" = c."count" + EXCLUDED."count"\073
  END LOOP\073
  RETURN NULL\073
END';

COMMIT;

-- Exact counts per status without scanning "tasks" (the console's stats and dashboard at 1 M rows).
--
-- Statement-level triggers with transition tables add each writing statement's per-status delta to
-- one of 16 shard rows per status (the shard is picked by transaction id), so concurrent writers
-- rarely wait on the same row. Readers sum the shards. A statement updates its rows in status
-- order, so two writers never lock the same rows in opposite orders (no deadlocks). Updates
-- that change no status (lease renewals, publish marks) have a zero delta and write nothing.
--
-- Prisma splits migration scripts at every semicolon, so this file has none inside comments, and
-- the plpgsql bodies spell theirs as \073 in E'' strings (as the console migration does). It does not
-- wrap a migration in a transaction either: this one does, so a failure leaves nothing half-made.

BEGIN;

CREATE TABLE "task_status_counts" (
    "status" "TaskStatus" NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "task_status_counts_pkey" PRIMARY KEY ("status", "shard")
);

-- Every (status, shard) row exists up front, so the triggers only ever UPDATE.
INSERT INTO "task_status_counts" ("status", "shard")
SELECT s, shard FROM unnest(enum_range(NULL::"TaskStatus")) AS s, generate_series(0, 15) AS shard;

-- Each trigger loops over the statement's per-status deltas in status order and adds them to this
-- transaction's shard, one primary-key UPDATE each. plpgsql keeps the plans of these statements
-- for the session, so a single-row write pays well under a millisecond for its count.
CREATE FUNCTION task_status_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE
  v_shard smallint := txid_current() % 16\073
  d record\073
BEGIN
  FOR d IN SELECT status, count(*) AS n FROM new_rows GROUP BY status ORDER BY status LOOP
    UPDATE "task_status_counts" SET "count" = "count" + d.n WHERE "status" = d.status AND "shard" = v_shard\073
  END LOOP\073
  RETURN NULL\073
END';

CREATE FUNCTION task_status_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE
  v_shard smallint := txid_current() % 16\073
  d record\073
BEGIN
  FOR d IN SELECT status, sum(n) AS n
           FROM (SELECT status, 1 AS n FROM new_rows UNION ALL SELECT status, -1 FROM old_rows) moves
           GROUP BY status HAVING sum(n) <> 0 ORDER BY status LOOP
    UPDATE "task_status_counts" SET "count" = "count" + d.n WHERE "status" = d.status AND "shard" = v_shard\073
  END LOOP\073
  RETURN NULL\073
END';

CREATE FUNCTION task_status_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS E'DECLARE
  v_shard smallint := txid_current() % 16\073
  d record\073
BEGIN
  FOR d IN SELECT status, count(*) AS n FROM old_rows GROUP BY status ORDER BY status LOOP
    UPDATE "task_status_counts" SET "count" = "count" - d.n WHERE "status" = d.status AND "shard" = v_shard\073
  END LOOP\073
  RETURN NULL\073
END';

CREATE FUNCTION task_status_counts_on_truncate() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  UPDATE "task_status_counts" SET "count" = 0 WHERE "count" <> 0\073
  RETURN NULL\073
END';

-- No writes from here to COMMIT: the backfilled count and the triggers start from the same state.
LOCK TABLE "tasks" IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER task_status_counts_insert AFTER INSERT ON "tasks"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION task_status_counts_on_insert();
CREATE TRIGGER task_status_counts_update AFTER UPDATE ON "tasks"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION task_status_counts_on_update();
CREATE TRIGGER task_status_counts_delete AFTER DELETE ON "tasks"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION task_status_counts_on_delete();
CREATE TRIGGER task_status_counts_truncate AFTER TRUNCATE ON "tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION task_status_counts_on_truncate();

-- Backfill: the whole count goes to shard 0.
UPDATE "task_status_counts" c SET "count" = t.n
FROM (SELECT status, count(*) AS n FROM "tasks" GROUP BY status) t
WHERE c.status = t.status AND c.shard = 0;

COMMIT;

-- tasks_status_id_idx INCLUDEd the payload (20261129110000), but a B-tree entry holds at most about
-- 2.7 kB: a payload that does not compress below that (random or base64 text, most CJK text above
-- about 900 characters) could not be inserted, nor could its row change status. The payload is now
-- covered only where it fits: rows with payloads up to 2,000 bytes are in a covering partial index,
-- the rest (normally few) in a plain one, and "search + status" walks both (see
-- packages/infra/src/postgres/task-filter-sql.ts), still without reading the heap for rows that do
-- not match. Rebuilding blocks writes to "tasks" for a few seconds per million rows.
DROP INDEX "tasks_status_id_idx";
CREATE INDEX "tasks_status_id_idx" ON "tasks" ("status", "id" DESC);
CREATE INDEX "tasks_status_short_payload_idx" ON "tasks" ("status", "id" DESC) INCLUDE ("payload")
  WHERE octet_length("payload") <= 2000;
CREATE INDEX "tasks_status_long_payload_idx" ON "tasks" ("status", "id" DESC)
  WHERE octet_length("payload") > 2000;

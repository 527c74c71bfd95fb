-- "search + status" (e.g. FAILED tasks whose payload contains "render pdf") walks one status's rows
-- newest first and tests each payload. With the payload in the status index that walk is an
-- index-only scan: no heap page is read for rows that do not match (at 1 M rows, 40 k FAILED rows
-- cost about 8 k heap page reads before). Same name and key columns, so Prisma's schema still
-- describes it (Prisma 6 cannot declare INCLUDE). Rebuilding blocks writes to "tasks" for a few
-- seconds per million rows.
DROP INDEX "tasks_status_id_idx";
CREATE INDEX "tasks_status_id_idx" ON "tasks" ("status", "id" DESC) INCLUDE ("payload");

-- Idempotent creates. A caller may name a task with a key, and the same key returns the same task.
-- The column is new (all NULL), so the unique index builds at once. NULLs never conflict.
ALTER TABLE "tasks" ADD COLUMN "idempotency_key" TEXT;

CREATE UNIQUE INDEX "tasks_idempotency_key_key" ON "tasks"("idempotency_key");

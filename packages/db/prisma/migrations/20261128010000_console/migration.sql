-- CreateTable
CREATE TABLE "task_events" (
    "id" BIGSERIAL NOT NULL,
    "task_id" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempt" INTEGER,
    "consumer" TEXT,
    "detail" TEXT,

    CONSTRAINT "task_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consumers" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "in_flight" INTEGER NOT NULL DEFAULT 0,
    "prefetch" INTEGER NOT NULL,
    "stopped_at" TIMESTAMPTZ(3),

    CONSTRAINT "consumers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "task_events_task_id_idx" ON "task_events"("task_id", "id");

-- AddForeignKey
ALTER TABLE "task_events" ADD CONSTRAINT "task_events_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written (see schema.prisma). No semicolons in comments or quoted bodies: the JavaScript
-- migration engine splits statements on them, so the trigger body spells them as \073.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "tasks_payload_trgm_idx" ON "tasks" USING gin ("payload" gin_trgm_ops);
CREATE INDEX "tasks_finished_at_idx" ON "tasks"("finished_at", "id") WHERE "finished_at" IS NOT NULL;

CREATE FUNCTION tasks_notify_change() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN PERFORM pg_notify(\'task_changes\', TG_OP)\073 RETURN NULL\073 END';
CREATE TRIGGER tasks_changed AFTER INSERT OR UPDATE ON "tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION tasks_notify_change();

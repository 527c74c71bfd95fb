-- The processing switch: one row (id = 1). Consumers read it by primary key about twice a second.
CREATE TABLE "processing_control" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "changed_by" TEXT,
    "changed_at" TIMESTAMPTZ(3),
    "reason" TEXT,

    CONSTRAINT "processing_control_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "processing_control_one_row" CHECK ("id" = 1)
);

INSERT INTO "processing_control" ("id", "paused") VALUES (1, false);

-- A pause or resume wakes the console's live updates like a task change does (same channel).
CREATE TRIGGER processing_control_notify_change
  AFTER UPDATE ON processing_control
  FOR EACH ROW WHEN (OLD.paused IS DISTINCT FROM NEW.paused)
  EXECUTE FUNCTION tasks_notify_change();

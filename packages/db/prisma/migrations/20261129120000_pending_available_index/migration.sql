-- Hand-written (see schema.prisma). PENDING tasks by the time they became due, so the consumer's
-- backlog gauge (tasks_oldest_pending_age_seconds) reads the oldest one from the index alone.
CREATE INDEX "tasks_pending_available_idx" ON "tasks"("available_at") WHERE "status" = 'PENDING';

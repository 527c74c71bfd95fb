-- Hand-written (see schema.prisma): PENDING tasks by publish time, for the reconciler's check for
-- messages the broker lost (published long ago, never claimed, queue empty).
CREATE INDEX "tasks_pending_published_idx" ON "tasks"("published_at") WHERE "status" = 'PENDING' AND "published_at" IS NOT NULL;

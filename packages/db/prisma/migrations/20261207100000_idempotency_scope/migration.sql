-- Idempotency keys per caller (security issue 20, finding 6). A key was global: any caller reusing
-- another's key got that caller's task. Keys now belong to a scope, the caller's principal
-- ('user:<id>' or 'key:<id>'), and are unique per (key, scope). Keys stored before this have no
-- scope (NULL): the API honours them for every caller until they expire (24 h after their task's
-- creation, see packages/core/src/domain/idempotency.ts), then they are history.
--
-- Safe on a large, busy "tasks" table, in three short transactions, each giving up after
-- lock_timeout (the deploy then fails and is run again: every step may be repeated):
--   1. the column, without a default: recorded in the catalog only, no row rewritten (milliseconds
--      under ACCESS EXCLUSIVE),
--   2. the new unique index, over keyed rows only: a plain build under a SHARE lock blocks writes
--      to "tasks" (not reads) while it scans the table, 0.6 s on 1,000,000 rows of which 100,000
--      keyed (the column took 8 ms, the drop 2 ms),
--   3. the old global index dropped (milliseconds).
-- Between 2 and 3 both indexes hold. Key first, then scope: a key stored without a scope is found by
-- its key. Until an API instance runs the new code, its keyed creates fail (their ON CONFLICT names
-- the old index): deploy the API right after the migration. Prisma splits scripts at semicolons:
-- none inside comments.

BEGIN;
SELECT set_config('lock_timeout', '5s', true);
ALTER TABLE "tasks" ADD COLUMN IF NOT EXISTS "idempotency_scope" TEXT;
COMMIT;

BEGIN;
SELECT set_config('lock_timeout', '5s', true);
CREATE UNIQUE INDEX IF NOT EXISTS "tasks_idempotency_key_scope_key" ON "tasks" ("idempotency_key", "idempotency_scope")
  WHERE "idempotency_key" IS NOT NULL;
COMMIT;

BEGIN;
SELECT set_config('lock_timeout', '5s', true);
DROP INDEX IF EXISTS "tasks_idempotency_key_key";
COMMIT;

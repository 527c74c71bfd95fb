-- Lease losses, counted apart from attempts: a lapsed lease (its consumer crashed, or the database
-- was out longer than the lease) gives the attempt back and counts here instead, so an outage spends
-- no attempt, while a task that keeps killing its consumers still ends FAILED at the worker's
-- MAX_LEASE_LOSSES. A constant default makes this a catalog-only change (no table rewrite), but it
-- still takes a brief ACCESS EXCLUSIVE lock: wait at most lock_timeout for it rather than queue
-- every claim and settle behind it (the deploy then fails and is run again: the step may be repeated).
BEGIN;
SELECT set_config('lock_timeout', '5s', true);
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS lease_losses integer NOT NULL DEFAULT 0;
COMMIT;

-- Fencing. Every claim writes a fresh random token (gen_random_uuid(), built in since PostgreSQL 13),
-- and renewals and settles must present it, so an attempt that lost its lease (to the reaper, another
-- consumer or a later attempt of the same consumer) can never renew or settle the task again.
-- Rows PROCESSING when this runs have no token. Their attempts can no longer settle, their leases
-- lapse and the reconciler releases them (at most one extra attempt each).
ALTER TABLE "tasks" ADD COLUMN "lease_token" UUID;

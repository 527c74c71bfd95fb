-- Timeline names follow the state machine: a failed attempt with attempts left is a "backoff", an
-- operator's retry of a FAILED task is "retried", and a lapsed lease "released" the task.
UPDATE "task_events" SET "type" = 'backoff' WHERE "type" = 'retry_scheduled';
UPDATE "task_events" SET "type" = 'retried' WHERE "type" = 'requeued';
UPDATE "task_events" SET "detail" = 'released' WHERE "type" = 'lease_expired' AND "detail" = 'requeued';

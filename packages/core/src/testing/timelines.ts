/**
 * The event types on a task's timeline after one attempt that failed and a retry, oldest first:
 * the retry marks it published again because its message is sent anew. Shared by the storage
 * contract and the tRPC tests, which must agree on what a retried task shows.
 */
export const FAILED_THEN_RETRIED_EVENTS = [
  "created",
  "published",
  "started",
  "failed",
  "retried",
  "published",
] as const;

/**
 * Whether this process is just back from a database outage. When the database returns after an
 * outage longer than the lease, every lease has lapsed; the owners then renew and settle what they
 * finished, and reaping or taking over before they have had the chance threw finished work away.
 * So, from a failure until `graceMs` after the first success that follows it, lapsed leases are
 * left alone (no reaping, no takeovers), however long the outage lasted.
 */
export function createOutageHoldOff(
  graceMs: number,
  now: () => number = () => performance.now(),
  /** Told when the database becomes unavailable (true) and when it answers again (false). */
  onAvailability?: (unavailable: boolean) => void,
) {
  let failing = false;
  let holdUntil = Number.NEGATIVE_INFINITY;
  return {
    /** A database call failed (the database is unavailable). */
    failed() {
      if (failing) return;
      failing = true;
      onAvailability?.(true);
    },
    /** A database call succeeded: the first one after a failure starts the grace. */
    succeeded() {
      if (!failing) return;
      failing = false;
      holdUntil = now() + graceMs;
      onAvailability?.(false);
    },
    /** True while lapsed leases must be left to their owners. */
    holding: () => failing || now() < holdUntil,
    /** True from a failed database call until one succeeds. */
    unavailable: () => failing,
  };
}

export type OutageHoldOff = ReturnType<typeof createOutageHoldOff>;

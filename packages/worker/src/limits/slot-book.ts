import type { HeldTaskStore, LimitCounter, LimitScope, Log } from "@tps/core";

export interface SlotBookOptions {
  counter: LimitCounter;
  held: HeldTaskStore;
  leaseMs: number;
  /** Runs the publish loop now (the reconciler's kick): woken tasks go out at once. */
  kick(): void;
  log: Log;
}

interface Release {
  holder: string;
  scope: LimitScope;
  at: number;
}

/** Scopes with their holders, one entry per scope. */
function byScope(items: Iterable<{ holder: string; scope: LimitScope }>) {
  const groups = new Map<string, LimitScope & { holders: string[] }>();
  for (const { holder, scope } of items) {
    const id = `${scope.type}\u0000${scope.key ?? ""}\u0000${scope.key === null}`;
    const group = groups.get(id) ?? { ...scope, holders: [] };
    groups.set(id, group);
    group.holders.push(holder);
  }
  return [...groups.values()];
}

/**
 * The concurrency slots this process holds. Slots are renewed with the leases (every third of
 * LEASE_MS), so a worker killed with -9 loses them when its leases lapse. A slot is given back when
 * its task's message is settled (after the settle commits), in batches; then as many tasks held by
 * that limit as slots were freed are made due now (highest priority first) and the publish loop is
 * kicked. A release that cannot reach Redis is tried again at the next renewal until its slot would
 * have expired anyway.
 */
export function createSlotBook({ counter, held, leaseMs, kick, log }: SlotBookOptions) {
  const holders = new Map<string, LimitScope>();
  let queued: Release[] = [];
  let failed: Release[] = [];
  /** Flushes run one after the other. */
  let chain = Promise.resolve();
  let scheduled = false;

  async function flush() {
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
    try {
      await counter.releaseSlots(byScope(batch));
    } catch (err) {
      failed.push(...batch);
      log.warn({ err, count: batch.length }, "could not give concurrency slots back; retrying");
      return;
    }
    await wakeAll(byScope(batch).map((g) => ({ scope: g, count: g.holders.length })));
  }

  async function wakeAll(wakes: { scope: LimitScope; count: number }[]) {
    let woken = 0;
    for (const { scope, count } of wakes) {
      woken += await held.wake(scope, count).catch((err: unknown) => {
        log.warn({ err, type: scope.type }, "could not wake tasks held by a concurrency limit");
        return 0;
      });
    }
    if (woken > 0) kick();
  }

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      chain = chain.then(flush);
    });
  };

  const renewal = setInterval(
    () => {
      void (async () => {
        const live = byScope([...holders].map(([holder, scope]) => ({ holder, scope })));
        await counter.renewSlots(live).catch((err: unknown) => {
          log.warn({ err, slots: holders.size }, "could not renew concurrency slots");
        });
        const now = Date.now();
        const retry = failed.filter((r) => now - r.at < leaseMs);
        failed = [];
        if (retry.length > 0) {
          queued.push(...retry);
          schedule();
        }
      })();
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  renewal.unref();

  return {
    add(holder: string, scope: LimitScope) {
      holders.set(holder, scope);
    },
    /** Gives the slot back (once), soon, with others released meanwhile. */
    release(holder: string) {
      const scope = holders.get(holder);
      if (!scope) return;
      holders.delete(holder);
      queued.push({ holder, scope, at: Date.now() });
      schedule();
    },
    /**
     * After tasks were held for a full concurrency limit: a slot freed between our try and the
     * hold's commit woke nobody (the hold was not visible yet), so look again and wake for it.
     */
    async recheck(scopes: readonly (LimitScope & { limit: number })[]) {
      const wakes: { scope: LimitScope; count: number }[] = [];
      for (const scope of scopes) {
        const free = await counter.freeSlots(scope, scope.limit).catch(() => 0);
        if (free > 0) wakes.push({ scope, count: free });
      }
      if (wakes.length > 0) await wakeAll(wakes);
    },
    get size() {
      return holders.size;
    },
    /** Gives back what was released, stops renewing. */
    async stop() {
      clearInterval(renewal);
      await new Promise((r) => setImmediate(r));
      await chain;
      await flush();
    },
  };
}

export type SlotBook = ReturnType<typeof createSlotBook>;

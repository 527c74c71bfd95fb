import type { HeldTaskStore, HoldRequest, LimitCounter, LimitKind, LimitScope, Log } from "@tps/core";
import { createBatcher } from "../batcher";
import type { Delivery } from "../delivery";
import type { ConsumerMetrics } from "../metrics";
import { keysOf, type TypeLimits } from "./limit-rules";
import type { SlotBook } from "./slot-book";

/** Longest wait of a delivery for company before its limits are checked. */
export const GATE_WINDOW_MS = 5;

/** How long a limited task waits when Redis cannot be reached (fail closed). */
export const UNAVAILABLE_WAIT_MS = 1_000;

export interface LimitGateOptions {
  limits: TypeLimits;
  counter: LimitCounter;
  held: HeldTaskStore;
  slots: SlotBook;
  /** Unique per process: holder ids are `<owner>:<n>`. */
  owner: string;
  /** A concurrency hold's fallback wait (a release wakes it sooner): the lease. */
  leaseMs: number;
  batchSize: number;
  batchWindowMs: number;
  /** Where admitted deliveries go: the worker's claim. */
  next(delivery: Delivery): void;
  /** Tasks whose key function failed, with why: their work fails with it (see the guard). */
  badKeys: Map<number, string>;
  metrics: ConsumerMetrics;
  log: Log;
}

interface Candidate {
  id: number;
  delivery: Delivery;
  holder: string;
  keys: { concurrency: string | null; rate: string | null };
  slot: LimitScope | null;
}

/** `delivery`, calling `onSettled` once after its first ack, requeue or dead-letter. */
export function onSettled(delivery: Delivery, settled: () => void): Delivery {
  let done = false;
  const after = (settle: () => void) => () => {
    settle();
    if (!done) {
      done = true;
      settled();
    }
  };
  return {
    taskId: delivery.taskId,
    redelivered: delivery.redelivered,
    ack: after(() => delivery.ack()),
    requeue: after(() => delivery.requeue()),
    deadLetter: after(() => delivery.deadLetter()),
  };
}

/** Groups items by key (null included), keeping their order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null) {
  const groups = new Map<string | null, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups];
}

/**
 * Admits the deliveries of one limited task type before they are claimed, in batches: reads the
 * inputs of the batch when a limit is keyed (one statement), takes a concurrency slot and then a rate
 * token per task in Redis (one round trip each), passes those that got them to the claim, and holds
 * the others back in the database (one statement; their messages are acked: no attempt spent, and
 * nothing spins: each comes back when due, or when a slot frees). Redis out of reach: every task
 * of the batch is held for UNAVAILABLE_WAIT_MS (fail closed).
 */
export function createLimitGate(options: LimitGateOptions) {
  const { limits, counter, held, slots, metrics, log } = options;
  const { type } = limits;
  let seq = 0;

  /** One warning per Redis outage, not one per batch (the breaker logs when it closes again). */
  let outage = false;
  const unavailable = (err: unknown, count: number) => {
    if (!outage)
      log.warn({ err, type, count }, "task limits unavailable (redis): holding limited tasks (fail closed)");
    outage = true;
  };

  const decide = (limit: LimitKind, outcome: "acquired" | "held" | "unavailable", n = 1) =>
    n > 0 && metrics.limitDecisions.inc({ type, limit, outcome }, n);

  async function admit(deliveries: Delivery[]) {
    const byTask = new Map<number, Delivery>();
    for (const d of deliveries) {
      if (d.taskId === null) options.next(d);
      else if (byTask.has(d.taskId))
        d.ack(); // a duplicate in the same batch: the first one stands for it
      else byTask.set(d.taskId, d);
    }
    if (byTask.size === 0) return;
    let payloads: Map<number, string> | null = null;
    if (limits.keyed) {
      try {
        const rows = await held.inputs([...byTask.keys()]);
        payloads = new Map(rows.map((r) => [Number(r.id), r.payload]));
      } catch (err) {
        // The database is out of reach: back to the queue (the claim would fail the same way).
        log.warn(
          { err, type, count: byTask.size },
          "could not read inputs for the limits; messages requeued",
        );
        metrics.errors.inc({ stage: "claim" });
        for (const d of byTask.values()) d.requeue();
        return;
      }
    }
    const candidates: Candidate[] = [];
    for (const [id, delivery] of byTask) {
      const payload = payloads?.get(id);
      let keys: Candidate["keys"] = { concurrency: null, rate: null };
      if (payloads) {
        // Not startable (finished, unknown) or an input the schema refuses (its work fails before
        // running): the claim decides, no slot needed.
        const parsed = payload === undefined ? undefined : limits.parse(payload);
        if (!parsed) {
          options.next(delivery);
          continue;
        }
        const found = keysOf(limits, parsed.input);
        if ("error" in found) {
          options.badKeys.set(id, found.error);
          options.next(onSettled(delivery, () => options.badKeys.delete(id)));
          continue;
        }
        keys = found;
      }
      candidates.push({ id, delivery, holder: `${options.owner}:${++seq}`, keys, slot: null });
    }
    const holds: (HoldRequest & { delivery: Delivery })[] = [];
    const hold = (c: Candidate, waitingOn: LimitKind, waitMs: number) =>
      holds.push({ id: c.id, delivery: c.delivery, waitingOn, concurrencyKey: c.keys.concurrency, waitMs });
    let granted = candidates;
    const full: (LimitScope & { limit: number })[] = [];

    if (limits.concurrency && granted.length > 0) {
      const { limit } = limits.concurrency;
      const groups = groupBy(granted, (c) => c.keys.concurrency);
      granted = [];
      try {
        const counts = await counter.acquireSlots(
          groups.map(([key, group]) => ({ type, key, limit, holders: group.map((c) => c.holder) })),
        );
        outage = false;
        groups.forEach(([key, group], i) => {
          // Left over: back when the earliest slot would lapse (a killed worker's), at most a
          // lease; a release wakes them sooner.
          const { taken: got, waitMs } = counts[i] ?? { taken: 0, waitMs: options.leaseMs };
          for (const c of group.slice(0, got)) {
            c.slot = { type, key };
            slots.add(c.holder, c.slot);
            granted.push(c);
          }
          for (const c of group.slice(got)) hold(c, "concurrency", Math.min(waitMs, options.leaseMs));
          if (got < group.length) full.push({ type, key, limit });
          decide("concurrency", "acquired", got);
          decide("concurrency", "held", group.length - got);
        });
      } catch (err) {
        unavailable(err, candidates.length);
        for (const [, group] of groups) for (const c of group) hold(c, "concurrency", UNAVAILABLE_WAIT_MS);
        decide("concurrency", "unavailable", candidates.length);
      }
    }

    if (limits.rate && granted.length > 0) {
      const { max, windowMs } = limits.rate;
      const groups = groupBy(granted, (c) => c.keys.rate);
      const asked = granted;
      granted = [];
      try {
        const taken = await counter.takeTokens(
          groups.map(([key, group]) => ({ type, key, max, windowMs, holders: group.map((c) => c.holder) })),
        );
        outage = false;
        groups.forEach(([, group], i) => {
          const { taken: got, waitMs } = taken[i] ?? { taken: 0, waitMs: [] };
          granted.push(...group.slice(0, got));
          group.slice(got).forEach((c, j) => {
            if (c.slot) slots.release(c.holder);
            hold(c, "rate", waitMs[j] ?? UNAVAILABLE_WAIT_MS);
          });
          decide("rate", "acquired", got);
          decide("rate", "held", group.length - got);
        });
      } catch (err) {
        unavailable(err, asked.length);
        for (const c of asked) {
          if (c.slot) slots.release(c.holder);
          hold(c, "rate", UNAVAILABLE_WAIT_MS);
        }
        decide("rate", "unavailable", asked.length);
      }
    }

    for (const c of granted) {
      options.next(c.slot ? onSettled(c.delivery, () => slots.release(c.holder)) : c.delivery);
    }
    if (holds.length > 0) await holdBack(holds, full);
  }

  async function holdBack(
    holds: (HoldRequest & { delivery: Delivery })[],
    full: (LimitScope & { limit: number })[],
  ) {
    try {
      await held.hold(holds.map(({ delivery: _, ...request }) => request));
    } catch (err) {
      // The database is out of reach: back to the queue (the claim would fail the same way).
      log.warn({ err, type, count: holds.length }, "could not hold tasks back; messages requeued");
      for (const h of holds) h.delivery.requeue();
      return;
    }
    // Held, or no longer PENDING (claimed or finished elsewhere): either way this message is done.
    for (const h of holds) h.delivery.ack();
    if (full.length > 0) await slots.recheck(full);
  }

  return createBatcher<Delivery>({
    maxSize: options.batchSize,
    // The claim batches again behind this: a short window here, so the two do not add up.
    maxWaitMs: Math.min(options.batchWindowMs, GATE_WINDOW_MS),
    flush: admit,
    onError(err, deliveries) {
      // Not reached by the outcomes above (each is handled where it happens): a bug, reported.
      metrics.errors.inc({ stage: "claim" });
      log.error({ err, type, count: deliveries.length }, "limit check failed");
    },
  });
}

import { type HeldTaskStore, LIMIT_KINDS, type LimitCounter, type Log } from "@tps/core";
import type { PrismaClient } from "@tps/db";
import { createHeldTaskStore, createLimitCounter, redisPrefix } from "@tps/infra";
import type { AnyTaskDefinition } from "../define-task";
import type { Delivery } from "../delivery";
import { NonRetryableError } from "../errors";
import type { ConsumerMetrics } from "../metrics";
import type { WorkerSettings } from "../settings";
import { callWork, type WorkFn } from "../work";
import { createLimitGate } from "./limit-gate";
import { limitsOf } from "./limit-rules";
import { createSlotBook } from "./slot-book";

export interface LimitsOptions {
  definitions: readonly AnyTaskDefinition[];
  /** Made only when a definition declares a limit (no Redis connection otherwise). */
  counter(): LimitCounter;
  held: HeldTaskStore;
  owner: string;
  leaseMs: number;
  batchSize: number;
  batchWindowMs: number;
  /** Runs the publish loop now (the reconciler's kick). */
  kick(): void;
  metrics: ConsumerMetrics;
  log: Log;
  /** How often tasks_waiting_on_limits is read (default 5 s). */
  waitingEveryMs?: number;
}

/**
 * Concurrency and rate limits of task types, global across workers (see limit-gate.ts). Types
 * without limits take the plain path untouched: `acceptorFor` hands their deliveries straight on.
 */
export function createLimits(options: LimitsOptions) {
  const limited = options.definitions.flatMap((d) => limitsOf(d) ?? []);
  if (limited.length === 0) {
    return {
      acceptorFor: (_type: string, next: (d: Delivery) => void) => next,
      guard: (work: WorkFn) => work,
      unavailable: () => false,
      stop: async () => {},
    };
  }
  const { metrics, log } = options;
  const counter = options.counter();
  const slots = createSlotBook({
    counter,
    held: options.held,
    leaseMs: options.leaseMs,
    kick: options.kick,
    log,
  });
  const badKeys = new Map<number, string>();
  const gates = new Map<string, ReturnType<typeof createLimitGate>>();
  const gateOf = (type: string, next: (d: Delivery) => void) => {
    const limits = limited.find((l) => l.type === type);
    if (!limits) return null;
    const gate = createLimitGate({ ...options, limits, counter, slots, next, badKeys });
    gates.set(type, gate);
    return gate;
  };

  // Series of every limited type exist from the start; the gauge is read from the partial index.
  for (const { type, concurrency, rate } of limited) {
    for (const [limit, declared] of [
      ["concurrency", concurrency],
      ["rate", rate],
    ] as const) {
      if (!declared) continue;
      metrics.waitingOnLimits.set({ type, limit }, 0);
      for (const outcome of ["acquired", "held", "unavailable"])
        metrics.limitDecisions.inc({ type, limit, outcome }, 0);
    }
  }
  const readWaiting = async () => {
    const rows = await options.held.waiting().catch(() => null);
    if (!rows) return;
    for (const { type, concurrency, rate } of limited) {
      for (const limit of LIMIT_KINDS) {
        const count = rows.find((r) => r.type === type && r.limit === limit)?.count ?? 0;
        if (count > 0 || (limit === "concurrency" ? concurrency : rate))
          metrics.waitingOnLimits.set({ type, limit }, count);
      }
    }
  };
  const waitingTimer = setInterval(() => void readWaiting(), options.waitingEveryMs ?? 5_000);
  waitingTimer.unref();

  return {
    /** Where a type's deliveries go: its limit gate, or straight to `next` when it has no limits. */
    acceptorFor(type: string, next: (d: Delivery) => void): (d: Delivery) => void {
      const gate = gateOf(type, next);
      return gate ? (d) => gate.add(d) : next;
    },
    /** Fails the work of a task whose key function failed (NonRetryableError naming why). */
    guard(work: WorkFn): WorkFn {
      return (task, signal) => {
        const error = badKeys.get(task.id);
        if (error !== undefined) return Promise.reject(new NonRetryableError(error));
        return callWork(work, task, signal);
      };
    },
    /** True while the limits' Redis breaker is open (limited types wait: fail closed). */
    unavailable: () => counter.unavailable,
    /** After the worker drained: gives the last slots back and closes Redis. */
    async stop() {
      clearInterval(waitingTimer);
      await Promise.all([...gates.values()].map((g) => g.drain()));
      await slots.stop();
      await counter.close();
    },
    slots,
  };
}

export type Limits = ReturnType<typeof createLimits>;

/** createLimits as the runtime wires it: Redis and PostgreSQL adapters from the worker's settings. */
export function limitsOfRuntime(deps: {
  definitions: readonly AnyTaskDefinition[];
  settings: WorkerSettings;
  db: PrismaClient;
  kick(): void;
  metrics: ConsumerMetrics;
  log: Log;
}) {
  const { settings } = deps;
  return createLimits({
    ...deps,
    counter: () =>
      createLimitCounter(settings.REDIS_URL, {
        prefix: redisPrefix(settings.TASK_QUEUE, settings.DATABASE_URL),
        leaseMs: settings.LEASE_MS,
        log: deps.log,
      }),
    held: createHeldTaskStore(deps.db),
    owner: settings.CONSUMER_ID,
    leaseMs: settings.LEASE_MS,
    batchSize: settings.BATCH_SIZE,
    batchWindowMs: settings.BATCH_WINDOW_MS,
  });
}

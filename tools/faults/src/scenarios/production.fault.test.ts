import { describe, expect } from "vitest";
import { PRODUCTION_CONSUMER_ENV } from "../consumer-env";
import { violations } from "../invariants";
import { sleep } from "../processes";
import { runScenario } from "../scenario";
import { withFault } from "./inject";
import { scenario } from "./known-broken";
import { createSpread, untilProcessing } from "./load";

// PostgreSQL outages at the production defaults (LEASE_MS 15000, PREFETCH 10000, BATCH_SIZE 200,
// 3 s of work): what `npm start` runs, not timings tuned so the scenario passes.
const production = { consumerEnv: PRODUCTION_CONSUMER_ENV, drainTimeoutMs: 120_000 };

describe.concurrent("PostgreSQL outages at production defaults", () => {
  // Invariant: 2,000 tasks of 3 s whose work finishes during a 25 s PostgreSQL outage (longer than
  // the 15 s lease) lose nothing, and finished work is not run again (re-run 0) nor charged an
  // attempt (attempts = own failures + 1): the outcome of finished work is kept and written once
  // PostgreSQL is back.
  scenario(
    "k-prod-postgres-down-25s",
    "2,000 tasks of 3 s, PostgreSQL down 25 s (production defaults)",
    async () => {
      const { figures, notes } = await runScenario(
        "k postgres down 25 s, production",
        production,
        async (system) => {
          const ids = await system.createTasks(Array.from({ length: 2_000 }, (_, i) => `k-${i}`));
          await untilProcessing(system, 1_000);
          const restoredAt = await withFault(system.proxies("postgres"), "refuse", 25_000);
          return { restoredAt, createAcknowledged: ids, notes: { created: ids.length } };
        },
      );
      expect(violations(figures)).toEqual([]);
      expect(figures.reexecuted, `finished work run again (${JSON.stringify(notes)})`).toBe(0);
      expect(figures.attemptsChargedTotal, "attempts charged for the outage").toBe(0);
    },
    300_000,
  );

  // Invariant: PostgreSQL slowed by 800 ms each way for 20 s (every process) while tasks keep
  // coming loses nothing, completes nothing twice, runs no finished work again and charges no
  // attempt: slow is not down.
  scenario(
    "l-prod-postgres-slow",
    "PostgreSQL slowed by 800 ms each way for 20 s (production defaults)",
    async () => {
      const { figures, notes } = await runScenario(
        "l postgres +800 ms each way 20 s",
        production,
        async (system) => {
          const ids: number[] = [];
          const creating = createSpread(system, ids, { count: 2_000, overMs: 20_000, prefix: "l" });
          await sleep(2_000);
          const restoredAt = await withFault(system.proxies("postgres"), { latencyMs: 800 }, 20_000);
          const created = await creating;
          return {
            restoredAt,
            createAcknowledged: ids,
            notes: { created: ids.length, "create calls failed": created.failedCalls },
          };
        },
      );
      expect(violations(figures)).toEqual([]);
      expect(figures.reexecuted, `finished work run again (${JSON.stringify(notes)})`).toBe(0);
    },
    300_000,
  );

  // Invariant: one consumer cut off from PostgreSQL (blackholed) for 60 s at PREFETCH 10000 does
  // not hoard the queue: the other consumers keep it moving, so every task created in the first
  // 30 s of the cut is finished 15 s later (3 s of work), and nothing is lost once it heals.
  scenario(
    "p-prod-consumer-cut-prefetch",
    "one consumer cut off from PostgreSQL 60 s at PREFETCH 10000 (no hoarding)",
    async () => {
      let heldBack = -1;
      const { figures, notes } = await runScenario(
        "p one consumer cut off 60 s, prefetch 10000",
        { ...production, drainTimeoutMs: 150_000 },
        async (system) => {
          const ids: number[] = [];
          let failedCalls = 0;
          const restoredAt = await withFault(
            [system.consumers[0]!.proxies.postgres],
            "blackhole",
            60_000,
            async () => {
              failedCalls = (await createSpread(system, ids, { count: 1_500, overMs: 30_000, prefix: "p" }))
                .failedCalls;
              await sleep(15_000);
              heldBack = await system.db.openAmong(ids);
            },
          );
          return {
            restoredAt,
            createAcknowledged: ids,
            notes: {
              created: ids.length,
              "create calls failed": failedCalls,
              "held back at cut+45s": heldBack,
            },
          };
        },
      );
      expect(violations(figures)).toEqual([]);
      expect(
        heldBack,
        `tasks still open 15 s after the last create, mid-cut (${JSON.stringify(notes)})`,
      ).toBe(0);
    },
    300_000,
  );
});

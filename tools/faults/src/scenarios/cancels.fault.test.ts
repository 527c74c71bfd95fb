import { describe, expect } from "vitest";
import { violations } from "../invariants";
import { sleep } from "../processes";
import { runScenario } from "../scenario";
import { withFault } from "./inject";
import { scenario } from "./known-broken";
import { describeStops, stopsAfter } from "./ledger-figures";
import { cancelThroughout, createSpread, untilProcessing, untilStarted } from "./load";

describe("cancels under stress", () => {
  // Invariant: with Redis hung (connections open, no answers), cancel still answers promptly
  // (PostgreSQL decides; Redis only accelerates), every acknowledged cancel ends CANCELED, no
  // cancelled task completes, and the running work of every cancelled task actually stops (its
  // ledger attempt ends aborted, not finished), by lease renewal; cancel → stop latency is printed.
  scenario("f-redis-hung-cancel", "Redis hung (blackholed) while cancelling", async () => {
    const env = { TASK_WORK_MS: "3000", LEASE_MS: "3000" };
    let cancel = { acknowledged: [] as number[], timedOut: 0, slowestMs: 0 };
    let cancelSentAt = 0;
    const { figures, after } = await runScenario(
      "f redis hung while cancelling",
      {
        consumerEnv: env,
        drainTimeoutMs: 45_000,
        afterDrain: async (system) => stopsAfter(system.ledger(), cancel.acknowledged, cancelSentAt),
      },
      async (system) => {
        await system.createTasks(Array.from({ length: 200 }, (_, i) => `f-${i}`));
        await untilProcessing(system, 100);
        const running = await system.db.idsIn("PROCESSING", 50);
        // PROCESSING is written by the claim a moment before the consumer starts the work.
        await untilStarted(system, running);
        const restoredAt = await withFault(system.proxies("redis"), "blackhole", 6_000, async () => {
          cancelSentAt = Date.now();
          cancel = await system.cancel(running, 3_000);
        });
        return {
          restoredAt,
          cancelAcknowledged: cancel.acknowledged,
          notes: {
            cancels: running.length,
            "cancel timeouts": cancel.timedOut,
            "slowest cancel ms": cancel.slowestMs,
          },
        };
      },
    );
    console.log(`[faults] f: running work of the acknowledged cancels: ${after && describeStops(after)}`);
    expect(violations(figures)).toEqual([]);
    expect(cancel.timedOut, "cancels that did not answer within 3 s").toBe(0);
    expect(cancel.slowestMs).toBeLessThan(3_000);
    expect(after?.running, "acknowledged cancels of running work").toBeGreaterThan(0);
    expect(after?.notStopped, "cancelled tasks whose running work did not stop").toBe(0);
  });

  // Invariant: a storm of cancels throughout a run (single cancels of pending, running and finished
  // tasks, plus cancel-by-filter) never completes a cancelled task, and every acknowledged cancel
  // ends CANCELED; nothing is lost.
  scenario("i-cancel-storm", "a cancel storm throughout a run", async () => {
    const api = { createFailures: 0, cancelErrors: 0, filterErrors: 0, sample: "" };
    const { figures, notes } = await runScenario(
      "i cancel storm",
      { consumerEnv: { TASK_WORK_MS: "800" }, drainTimeoutMs: 60_000 },
      async (system) => {
        const ids: number[] = [];
        const creating = createSpread(system, ids, { count: 1_500, overMs: 8_000, prefix: "i" });
        const storm = cancelThroughout(system, ids, creating, { everyMs: 100, perTick: 15 });
        let matching = 0;
        const cancelMatching = async (filter: { status?: "PROCESSING"; search?: string }) => {
          try {
            // The storm cancels everything matching, however many arrive meanwhile.
            const expectedCount = 2_147_483_647;
            for (let remaining = 1; remaining > 0; ) {
              const r = await system.client.tasks.cancelMatching.mutate({
                filter,
                chunk: 200,
                expectedCount,
              });
              matching += r.changed;
              remaining = r.remaining;
            }
          } catch (error) {
            api.filterErrors++;
            api.sample ||= `cancelMatching: ${String(error).slice(0, 200)}`;
          }
        };
        await sleep(4_000);
        await cancelMatching({ status: "PROCESSING" }); // everything running right now
        await sleep(2_000);
        await cancelMatching({ search: "i-12" }); // a block being created right now
        const created = await creating;
        const s = await storm;
        api.createFailures = created.failedCalls;
        api.cancelErrors = s.errors;
        api.sample ||= created.sampleError || s.sampleError;
        return {
          restoredAt: Date.now(),
          cancelAcknowledged: s.acknowledged,
          notes: {
            "cancels sent": s.sent,
            acknowledged: s.acknowledged.length,
            "by filter": matching,
            "API errors (create calls/cancels/by filter)": `${api.createFailures}/${api.cancelErrors}/${api.filterErrors}`,
            ...(api.sample ? { "first error": api.sample } : {}),
          },
        };
      },
    );
    expect(violations(figures)).toEqual([]);
    expect(api, `the API answered every call (${JSON.stringify(notes)})`).toMatchObject({
      createFailures: 0,
      cancelErrors: 0,
      filterErrors: 0,
    });
  });
});

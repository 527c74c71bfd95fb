import { describe, expect } from "vitest";
import { violations } from "../invariants";
import { attemptsOf } from "../ledger";
import { sleep } from "../processes";
import { runScenario } from "../scenario";
import { scenario } from "./known-broken";
import { cancelThroughout, createSpread, untilProcessing } from "./load";

describe("consumer processes die or stop", () => {
  // Invariant: consumers killed with -9 mid-run lose nothing (leases lapse, the reconciler hands
  // the work on), nothing completes twice or after its cancel, attempts never overlap or exceed
  // max_attempts, and every cancel the API acknowledged ends CANCELED.
  scenario(
    "a-kill9",
    "kill -9 of a consumer 5 times during a 3,000-task run, cancels throughout",
    async () => {
      const { figures } = await runScenario(
        "a kill -9 x5, 3000 tasks",
        { drainTimeoutMs: 90_000 },
        async (system) => {
          const ids: number[] = [];
          const creating = createSpread(system, ids, {
            count: 3_000,
            overMs: 16_000,
            prefix: "a",
            failEvery: 100,
          });
          const cancels = cancelThroughout(system, ids, creating, { everyMs: 400, perTick: 8 });
          // Kills at fixed times while tasks are still being created (restarts run in the
          // background); a kill is over the moment it lands, so recovery is timed from the last.
          const t0 = Date.now();
          const restarts = new Map<number, Promise<void>>();
          let lastKillAt = 0;
          for (let k = 0; k < 5; k++) {
            await sleep(t0 + 2_000 + k * 2_500 - Date.now());
            const i = k % 3;
            await restarts.get(i);
            await system.kill(i);
            lastKillAt = Date.now();
            restarts.set(i, system.restart(i));
          }
          await Promise.all(restarts.values());
          const restoredAt = lastKillAt;
          await creating;
          const c = await cancels;
          return {
            restoredAt,
            cancelAcknowledged: c.acknowledged,
            notes: {
              cancels: c.acknowledged.length,
              "attempts killed mid-work": attemptsOf(system.ledger()).attempts.filter(
                (a) => a.outcome === "died",
              ).length,
              "last kill at s": ((lastKillAt - t0) / 1000).toFixed(1),
            },
          };
        },
      );
      expect(violations(figures)).toEqual([]);
      expect(figures.tasks).toBeGreaterThanOrEqual(3_000);
    },
  );

  // Invariant: the same guarantees hold for a task type defined through the worker SDK (typed input
  // checked at the door and at the worker, typed output): kill -9 three times and a SIGTERM during a
  // 1,500-task run lose nothing, complete nothing twice, and every COMPLETED task stores its own output.
  scenario("j-sdk-typed", "kill -9 x3 and SIGTERM during 1,500 typed SDK tasks (test.echo)", async () => {
    const { figures, after } = await runScenario(
      "j SDK typed tasks, kill -9 x3 + SIGTERM, 1500 tasks",
      { drainTimeoutMs: 90_000, afterDrain: (system) => system.db.foreignOutputs() },
      async (system) => {
        const ids: number[] = [];
        const creating = createSpread(system, ids, {
          count: 1_500,
          overMs: 8_000,
          prefix: "j",
          failEvery: 50,
          typed: true,
        });
        const cancels = cancelThroughout(system, ids, creating, { everyMs: 500, perTick: 4 });
        const t0 = Date.now();
        let lastAt = 0;
        for (let k = 0; k < 3; k++) {
          await sleep(t0 + 1_500 + k * 2_000 - Date.now());
          await system.kill(k);
          lastAt = Date.now();
          await system.restart(k);
        }
        await system.terminate(0);
        await system.restart(0);
        lastAt = Date.now();
        await creating;
        const c = await cancels;
        return {
          restoredAt: lastAt,
          cancelAcknowledged: c.acknowledged,
          notes: { cancels: c.acknowledged.length },
        };
      },
    );
    expect(violations(figures)).toEqual([]);
    expect(figures.tasks).toBeGreaterThanOrEqual(1_500);
    console.log(
      `[faults] j: ${after?.completed} typed tasks COMPLETED, ${after?.foreign.length} with an output not their own`,
    );
    expect(after?.completed).toBeGreaterThan(1_000);
    expect(after?.foreign).toEqual([]);
  });

  // Invariant: SIGTERM during work longer than the lease keeps renewing the leases while it drains,
  // so no other consumer takes the work over: no attempt overlaps, nothing runs twice, nothing lost.
  scenario("b-sigterm-long-work", "SIGTERM during 8 s work with LEASE_MS 6000", async () => {
    const env = { TASK_WORK_MS: "8000", LEASE_MS: "6000", SHUTDOWN_GRACE_MS: "10000" };
    const { figures } = await runScenario(
      "b SIGTERM, 8 s work, 6 s lease",
      { consumerEnv: env, drainTimeoutMs: 60_000 },
      async (system) => {
        await system.createTasks(Array.from({ length: 30 }, (_, i) => `b-${i}`));
        await untilProcessing(system, 30);
        await sleep(500);
        await system.terminate(0);
        return { restoredAt: Date.now() };
      },
    );
    expect(violations(figures)).toEqual([]);
    expect(figures.reexecuted).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { violations } from "../invariants";
import { sleep } from "../processes";
import { type RealService, serviceDown, serviceUp } from "../real-services";
import { runScenario } from "../scenario";
import { cancelThroughout, createSpread } from "./load";

// Real service restarts stop the machine's shared PostgreSQL, Redis and RabbitMQ: CI only
// (FAULTS_REAL_RESTARTS=1), never on a machine where others run tests. Each restores its service
// in a `finally` and waits until it answers again.
const REAL = process.env.FAULTS_REAL_RESTARTS === "1";

describe.runIf(REAL)("real service restarts (FAULTS_REAL_RESTARTS=1)", () => {
  const restart = (service: RealService, downMs: number) =>
    // Invariant: a real restart of the service mid-run loses nothing, completes nothing twice or
    // after its cancel, and every acknowledged cancel ends CANCELED.
    it(`${service} restarted mid-run`, async () => {
      const { figures } = await runScenario(
        `real ${service} restart`,
        { drainTimeoutMs: 120_000, consumerEnv: { LEASE_MS: "15000", STARTUP_TIMEOUT_MS: "60000" } },
        async (system) => {
          const ids: number[] = [];
          const creating = createSpread(system, ids, { count: 600, overMs: 8_000, prefix: service });
          const cancels = cancelThroughout(system, ids, creating, { everyMs: 300, perTick: 5 });
          await sleep(2_000);
          try {
            await serviceDown(service);
            await sleep(downMs);
          } finally {
            await serviceUp(service);
          }
          const restoredAt = Date.now();
          await creating;
          const c = await cancels;
          return { restoredAt, cancelAcknowledged: c.acknowledged };
        },
      );
      expect(violations(figures)).toEqual([]);
    }, 300_000);

  restart("rabbitmq", 5_000);
  restart("redis", 3_000);
  restart("postgres", 5_000);

  // Invariant (issue 22): a delayed task lives in PostgreSQL until it is due, so a kill -9 of every
  // consumer and a restart of the broker before its run time lose none and run none twice, and
  // none starts before its run time.
  it("delayed tasks survive kill -9 of every consumer and a broker restart before they are due", async () => {
    const delayed: { id: number; runAt: number }[] = [];
    const { figures, notes, after } = await runScenario(
      "delayed tasks across restarts",
      {
        drainTimeoutMs: 120_000,
        consumerEnv: { LEASE_MS: "15000", STARTUP_TIMEOUT_MS: "60000" },
        // Each delayed task as it ended: its status, and how long after its run time it started.
        afterDrain: async (system) => {
          const ended = await Promise.all(
            delayed.map(async ({ id, runAt }) => {
              const task = await system.client.tasks.get.query({ id });
              return { status: task.status, lateMs: Date.parse(task.startedAt ?? "") - runAt };
            }),
          );
          return {
            completed: ended.filter((t) => t.status === "COMPLETED").length,
            early: ended.filter((t) => !(t.lateMs >= 0)).length,
          };
        },
      },
      async (system) => {
        const runAt = Date.now() + 15_000;
        for (const priority of [0, 5]) {
          const { items } = await system.client.tasks.createMany.mutate({
            items: Array.from({ length: 200 }, (_, i) => ({
              payload: `delayed-${priority}-${i}`,
              runAt: new Date(runAt + (i % 10) * 100).toISOString(),
              priority,
            })),
          });
          for (const task of items)
            delayed.push({ id: Number(task.id), runAt: Date.parse(task.nextAttemptAt!) });
        }
        for (let i = 0; i < system.consumers.length; i++) await system.kill(i);
        try {
          await serviceDown("rabbitmq");
          await sleep(3_000);
        } finally {
          await serviceUp("rabbitmq");
        }
        for (let i = 0; i < system.consumers.length; i++) await system.restart(i);
        return { restoredAt: Date.now(), notes: { delayed: delayed.length } };
      },
    );
    expect(violations(figures)).toEqual([]);
    expect(notes.delayed).toBe(400);
    expect(after).toEqual({ completed: 400, early: 0 });
  }, 300_000);
});

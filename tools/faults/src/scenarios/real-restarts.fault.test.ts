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
});

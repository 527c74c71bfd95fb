import { describe, expect } from "vitest";
import { PRODUCTION_CONSUMER_ENV } from "../consumer-env";
import { violations } from "../invariants";
import { sleep } from "../processes";
import { runScenario } from "../scenario";
import { withFault } from "./inject";
import { scenario } from "./known-broken";
import { createSpread } from "./load";

// One at a time: run side by side on two cores (tried), the CPU load alone changed g's figures
// (89 attempts charged, recovery 21 s), so these timing-bound scenarios are not run concurrently.
describe("dependencies hang, drop or refuse", () => {
  // Invariant: a consumer cut off from PostgreSQL (blackholed: no error, no answer) past its lease
  // stops its own work before the lease runs out, so the takeover by another consumer never runs
  // alongside it (no overlap, nothing completed twice), and nothing is lost.
  scenario("c-postgres-blackhole", "PostgreSQL blackholed past the lease for one consumer", async () => {
    const env = { TASK_WORK_MS: "4000", LEASE_MS: "3000" };
    const { figures } = await runScenario(
      "c postgres blackhole 8 s, 1 consumer",
      { consumerEnv: env, drainTimeoutMs: 60_000 },
      async (system) => {
        const ids: number[] = [];
        const creating = createSpread(system, ids, { count: 300, overMs: 4_000, prefix: "c" });
        await sleep(1_500);
        const restoredAt = await withFault([system.consumers[0]!.proxies.postgres], "blackhole", 8_000);
        await creating;
        return { restoredAt };
      },
    );
    expect(violations(figures)).toEqual([]);
  });

  // Invariant: cutting every broker connection (web and consumers) twice mid-run loses nothing:
  // unacked deliveries come back, failed publishes are published by the reconciler, duplicates
  // are refused by the conditional claim.
  scenario("d-broker-cut", "broker connections cut twice", async () => {
    const { figures } = await runScenario(
      "d broker connections cut x2",
      { drainTimeoutMs: 60_000 },
      async (system) => {
        const ids: number[] = [];
        const creating = createSpread(system, ids, { count: 1_000, overMs: 6_000, prefix: "d" });
        for (const wait of [2_000, 2_000]) {
          await sleep(wait);
          for (const p of system.proxies("rabbitmq")) p.cut();
        }
        const restoredAt = Date.now();
        await creating;
        return { restoredAt };
      },
    );
    expect(violations(figures)).toEqual([]);
  });

  // Invariant: PostgreSQL refusing connections for 10 s loses nothing, and a finished attempt's
  // outcome is retried until written: no success runs again (re-run 0), no attempt is charged for
  // the outage, and the system drains soon after PostgreSQL is back. Shown twice: with the lease
  // (30 s) and work (1 s) it was first tuned with, and at the production defaults (15 s, 3 s),
  // where the outage outlasts the self-fence (half the lease) and work finishes inside it.
  const gRuns = [
    {
      key: "g-postgres-refused",
      env: { TASK_WORK_MS: "1000", LEASE_MS: "30000" },
      label: "lease 30 s, work 1 s",
    },
    { key: "g-prod-postgres-refused", env: PRODUCTION_CONSUMER_ENV, label: "production defaults" },
  ];
  for (const run of gRuns) {
    scenario(run.key, `PostgreSQL refused for 10 s (every process), ${run.label}`, async () => {
      const { figures, notes } = await runScenario(
        `g postgres refused 10 s, ${run.label}`,
        { consumerEnv: run.env, drainTimeoutMs: 60_000 },
        async (system) => {
          const ids: number[] = [];
          await createSpread(system, ids, { count: 400, overMs: 1_500, prefix: "g" });
          const restoredAt = await withFault(system.proxies("postgres"), "refuse", 10_000);
          return { restoredAt, createAcknowledged: ids, notes: { created: ids.length } };
        },
      );
      expect(violations(figures)).toEqual([]);
      expect(figures.reexecuted, `re-run after the outage (${JSON.stringify(notes)})`).toBe(0);
      expect(figures.recoverSeconds).toBeLessThan(15);
    });
  }
});

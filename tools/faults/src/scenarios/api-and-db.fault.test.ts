import { describe, expect } from "vitest";
import { PRODUCTION_CONSUMER_ENV } from "../consumer-env";
import { violations } from "../invariants";
import { sleep } from "../processes";
import { runScenario } from "../scenario";
import { keyedCreates } from "./keyed-creates";
import { scenario } from "./known-broken";
import { describeStops, stopsOfProcessAfter } from "./ledger-figures";
import { createSpread, untilProcessing } from "./load";

const production = { consumerEnv: PRODUCTION_CONSUMER_ENV, drainTimeoutMs: 120_000 };

describe.concurrent("the database refuses writes, the API dies, a consumer freezes", () => {
  // Invariant: the database turning read-only for 10 s (a failover to a replica) and then refusing
  // every connection for 10 s (CONNECTION LIMIT 0; the system connects as a non-superuser role)
  // loses nothing, completes nothing twice, fails no task that did not fail by itself and charges
  // no attempt for it: these are infrastructure errors, retried, not the task's.
  scenario(
    "m-prod-db-read-only-no-connections",
    "database read-only 10 s, then connection limit 0 for 10 s (production defaults)",
    async () => {
      const { figures, notes } = await runScenario(
        "m db read-only 10 s + conn limit 0 10 s",
        { ...production, appRole: true },
        async (system) => {
          const ids: number[] = [];
          const creating = createSpread(system, ids, {
            count: 2_000,
            overMs: 35_000,
            prefix: "m",
            failEvery: 50,
          });
          const faults = system.dbFaults!;
          await sleep(3_000);
          try {
            await faults.readOnly();
            await sleep(10_000);
            await faults.restore();
            await faults.refuseConnections();
            await sleep(10_000);
          } finally {
            await faults.restore();
          }
          const restoredAt = Date.now();
          const created = await creating;
          return {
            restoredAt,
            createAcknowledged: ids,
            notes: { created: ids.length, "create calls failed": created.failedCalls },
          };
        },
      );
      expect(violations(figures), JSON.stringify(notes)).toEqual([]);
    },
    300_000,
  );

  // Invariant: kill -9 of the API process twice while 16 callers create tasks with idempotency
  // keys, each retrying its key until acknowledged: exactly one task per key, every acknowledged
  // id exists, and every acknowledgement of a key names that one task.
  scenario(
    "n-api-kill9-keyed-creates",
    "kill -9 of the API mid-create, callers retry with keys",
    async () => {
      const keys = 600;
      const perKey = { duplicated: -1, missing: -1, mismatched: -1, unacknowledged: -1 };
      const { figures, notes } = await runScenario(
        "n API kill -9 x2 mid-create, keyed",
        production,
        async (system) => {
          const creating = keyedCreates(system, {
            prefix: "n-key-",
            count: keys,
            clients: 16,
            deadlineMs: 120_000,
          });
          await sleep(1_500);
          const first = await system.killAndRestartWeb();
          await sleep(1_500);
          const second = await system.killAndRestartWeb();
          const created = await creating;
          const inDb = await system.db.tasksPerKey("n-key-");
          perKey.duplicated = [...inDb.values()].filter((ids) => ids.length > 1).length;
          perKey.missing = [...created.acknowledged.keys()].filter((key) => !inDb.has(key)).length;
          perKey.unacknowledged = created.unacknowledged;
          perKey.mismatched = [...created.acknowledged].filter(([key, acks]) => {
            const held = inDb.get(key);
            return held?.length !== 1 || acks.some((id) => id !== held[0]);
          }).length;
          return {
            restoredAt: second.answeringAt,
            createAcknowledged: [...created.acknowledged.values()].flat(),
            notes: {
              "create calls failed": created.failedCalls,
              "API down s": `${((first.answeringAt - first.killedAt) / 1000).toFixed(1)}/${((second.answeringAt - second.killedAt) / 1000).toFixed(1)}`,
              ...perKey,
            },
          };
        },
      );
      expect(violations(figures)).toEqual([]);
      expect(perKey, JSON.stringify(notes)).toEqual({
        duplicated: 0,
        missing: 0,
        mismatched: 0,
        unacknowledged: 0,
      });
    },
    300_000,
  );

  // Invariant: a consumer frozen (SIGSTOP) for 20 s, longer than its 15 s lease, then thawed:
  // its tasks are taken over, each completes at most once, and its stale attempts are fenced
  // promptly once it runs again (aborted within the fence bound, never finishing alongside the
  // takeover). Work of 30 s, so the stale attempts still run when the process is thawed.
  scenario(
    "o-prod-sigstop-past-lease",
    "SIGSTOP a consumer 20 s (lease 15 s), then SIGCONT",
    async () => {
      const env = { ...PRODUCTION_CONSUMER_ENV, TASK_WORK_MS: "30000" };
      let stale = { running: 0, notStopped: -1, finishedInstead: -1 };
      const { figures, notes } = await runScenario(
        "o SIGSTOP 20 s past the 15 s lease",
        { consumerEnv: env, drainTimeoutMs: 150_000 },
        async (system) => {
          await system.createTasks(Array.from({ length: 300 }, (_, i) => `o-${i}`));
          await untilProcessing(system, 300);
          await sleep(1_000);
          // Freeze the consumer holding the most running work.
          const owners = await system.db.leaseOwners();
          const busiest = system.consumers.reduce((a, b) =>
            (owners.get(b.id) ?? 0) > (owners.get(a.id) ?? 0) ? b : a,
          );
          const pid = busiest.process!.pid;
          let thawedAt = 0;
          try {
            system.pause(busiest.index);
            await sleep(20_000);
          } finally {
            system.resume(busiest.index);
            thawedAt = Date.now();
          }
          await sleep(5_000);
          const stops = stopsOfProcessAfter(system.ledger(), pid, thawedAt);
          stale = stops;
          return {
            restoredAt: thawedAt,
            notes: { frozen: busiest.id, "stale attempts after thaw": describeStops(stops) },
          };
        },
      );
      expect(violations(figures)).toEqual([]);
      expect(stale.running, "the frozen consumer held running work").toBeGreaterThan(0);
      expect(stale, JSON.stringify(notes)).toMatchObject({ notStopped: 0, finishedInstead: 0 });
    },
    300_000,
  );
});

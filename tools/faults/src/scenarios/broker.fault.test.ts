import { describe, expect } from "vitest";
import { violations } from "../invariants";
import { sleep, waitUntil } from "../processes";
import { runScenario } from "../scenario";
import type { FaultSystem } from "../system";
import { scenario } from "./known-broken";
import { createSpread } from "./load";

/** Malformed or unknown messages a misbehaving producer could publish straight to the queue. */
const POISON: Record<string, Buffer> = {
  "bad JSON": Buffer.from("{not json"),
  "empty body": Buffer.alloc(0),
  "unknown id": Buffer.from(JSON.stringify({ task_id: 999_999_999 })),
  "negative id": Buffer.from(JSON.stringify({ task_id: -5 })),
  "string id": Buffer.from(JSON.stringify({ task_id: "12" })),
  "oversized body (2 MiB)": Buffer.alloc(2 * 1024 * 1024, "x"),
};
/** Beyond Number.MAX_SAFE_INTEGER: JSON.parse cannot even hold it exactly; no task can have it. */
const BEYOND_SAFE_INTEGER = Buffer.from('{"task_id":9007199254740993}');
/** Past PostgreSQL's integer range, within bigint's: just an id no task has. */
const UNKNOWN_BIG_ID = Buffer.from('{"task_id":2147483648}');

/** Publishes `poison` among 300 real tasks; waits (up to 15 s) for the dead-letter queue to fill. */
async function poisonRun(system: FaultSystem, poison: Buffer[]) {
  const ids: number[] = [];
  const creating = createSpread(system, ids, { count: 300, overMs: 2_000, prefix: "h" });
  await sleep(500);
  await system.broker.publishRaw(poison);
  await creating;
  await waitUntil(
    "dead letters",
    15_000,
    async () => (await system.broker.deadLetters()).length >= poison.length,
  ).catch(() => {});
  return { restoredAt: Date.now(), poison: poison.map((b) => b.toString("utf8")) };
}

describe("the broker misbehaves", () => {
  // Invariant: deleting the task queue mid-run (and declaring it again a second later) loses
  // nothing: consumers notice their consumer was cancelled and consume again, and the messages
  // lost with the queue are published again; everything drains within seconds.
  scenario("e-queue-deleted", "task queue deleted and redeclared mid-run", async () => {
    const { figures } = await runScenario(
      "e queue deleted + redeclared",
      { drainTimeoutMs: 30_000 },
      async (system) => {
        const ids: number[] = [];
        const creating = createSpread(system, ids, { count: 600, overMs: 6_000, prefix: "e" });
        await sleep(2_000);
        await system.broker.deleteQueue();
        await sleep(1_000);
        await system.broker.redeclare();
        const restoredAt = Date.now();
        await creating;
        return { restoredAt };
      },
    );
    expect(violations(figures)).toEqual([]);
    expect(figures.recoverSeconds).toBeLessThan(20);
  });

  // Invariant: poison messages of every kind are dead-lettered (the dead-letter queue holds exactly
  // them), the consumers keep going, and the real tasks published alongside all finish.
  scenario("h-poison", `poison messages: ${Object.keys(POISON).join(", ")}`, async () => {
    const { figures } = await runScenario("h poison messages", { drainTimeoutMs: 30_000 }, (system) =>
      poisonRun(system, Object.values(POISON)),
    );
    expect(violations(figures)).toEqual([]);
  });

  // Invariant: the same for a task id beyond Number.MAX_SAFE_INTEGER (valid JSON, but not an id
  // JavaScript can hold exactly): dead-lettered, not retried forever, its batchmates unharmed.
  scenario("h-poison-out-of-range", "poison message with task id 9007199254740993", async () => {
    const { figures } = await runScenario(
      "h poison id 9007199254740993",
      { drainTimeoutMs: 20_000 },
      (system) => poisonRun(system, [BEYOND_SAFE_INTEGER]),
    );
    expect(violations(figures)).toEqual([]);
  });

  // Invariant: an id past PostgreSQL's integer range but within bigint's (2147483648) is an unknown
  // task: dead-lettered as unknown, its batchmates unharmed.
  scenario("h-unknown-big-id", "unknown task id 2147483648", async () => {
    const { figures } = await runScenario("h unknown id 2147483648", { drainTimeoutMs: 20_000 }, (system) =>
      poisonRun(system, [UNKNOWN_BIG_ID]),
    );
    expect(violations(figures)).toEqual([]);
  });
});

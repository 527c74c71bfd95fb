import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InMemoryTaskStore } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { createSimulatedWork } from "./simulated-work";
import { createTaskTracing } from "./task-tracing";
import { collectGarbage, fakeDelivery } from "./testing";
import type { WorkFn } from "./work";
import { withWorkLedger } from "./work-ledger";
import { useTestWorkerLoops } from "./worker-loop.test-util";

const simulated = createSimulatedWork(60_000);
const ledgerFile = () => join(mkdtempSync(join(tmpdir(), "ledger-")), "ledger.jsonl");

/**
 * Thousands of tasks run at once and a payload may be 64 KiB: once a task's work has started,
 * nothing but the work itself may hold the claimed task (and with it the payload).
 */
describe("what the worker holds while work runs", () => {
  const startWorker = useTestWorkerLoops();

  const works: [string, () => WorkFn][] = [
    ["simulated work", () => simulated],
    ["traced", () => createTaskTracing(true).work(simulated)],
    ["with the work ledger", () => withWorkLedger(simulated, ledgerFile(), "c1")],
  ];

  it.each(works)("keeps no claimed task once its work started (%s)", async (_, makeWork) => {
    const store = new InMemoryTaskStore();
    const [task] = await store.insertMany([`big ${"x".repeat(64 * 1024)}`]);
    const inner = makeWork();
    const claimed: WeakRef<object>[] = [];
    const worker = startWorker({
      store,
      flagged: async () => new Set(),
      // The WeakRef sees the task object the claim returned; this wrapper keeps nothing else.
      work: (t, signal) => {
        claimed.push(new WeakRef(t));
        return inner(t, signal);
      },
      config: {
        owner: "c1",
        leaseMs: 60_000,
        batchSize: 10,
        batchWindowMs: 1,
        backoffBaseMs: 1_000,
        shutdownGraceMs: 0,
      },
    });
    const delivery = fakeDelivery(task!.id);
    worker.accept(delivery);
    await expect.poll(() => claimed.length).toBe(1);
    await new Promise((r) => setTimeout(r, 10)); // the claim batch finishes; WeakRef targets live to the job's end

    collectGarbage();
    expect(worker.inFlight).toBe(1);
    expect(claimed[0]!.deref()).toBeUndefined();

    // Still settled as before: closing stops the work and releases the task for another attempt.
    await worker.close();
    expect(await delivery.settled).toBe("requeue");
    expect((await store.findById(task!.id))?.status).toBe("PENDING");
  });
});

import { InMemoryTaskStore } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { fakeDelivery } from "./testing";
import { waitFor, workerLoopHarness } from "./worker-loop.test-util";

// Leases: a lapsed one is taken over, an old attempt is fenced out, and work stops itself when its
// renewals fail. Shared setup: worker-loop.test-util.ts.
describe("batch worker (in-memory store): leases", () => {
  const h = workerLoopHarness();

  it("takes over a task left PROCESSING by a crashed consumer once its lease lapsed", async () => {
    let now = 1_000_000;
    h.store = new InMemoryTaskStore(() => now);
    const [task] = await h.store.insertMany(["a"]);
    await h.store.claim([task!.id], "crashed-consumer", 15_000);
    const w = h.start();
    // Redelivered while the lease is still valid: not ours to run; the reaper will requeue it.
    const early = fakeDelivery(task!.id);
    w.accept(early);
    expect(await early.settled).toBe("ack");
    expect(await h.status(task!.id)).toBe("PROCESSING");
    now += 30_000; // past the lease (15 s) and its grace (10 s)
    const late = fakeDelivery(task!.id);
    w.accept(late);
    expect(await late.settled).toBe("ack");
    // The crashed consumer's attempt was given back: a lease loss, not an attempt.
    expect(await h.store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });

  it("never lets an old attempt settle or unregister a newer attempt of the same task (re-claimed after a lapse)", async () => {
    let now = 1_000_000;
    h.store = new InMemoryTaskStore(() => now);
    const [task] = await h.store.insertMany(["a"]);
    const gates: ((fail: boolean) => void)[] = [];
    const w = h.start(
      () =>
        new Promise<void>((resolve, reject) =>
          gates.push((fail) => (fail ? reject(new Error("old attempt failed")) : resolve())),
        ),
    );
    const first = fakeDelivery(task!.id);
    w.accept(first);
    await waitFor(() => gates.length === 1);
    now += 120_000; // the first attempt's lease lapsed (the process stalled), its message came back
    const second = fakeDelivery(task!.id);
    w.accept(second);
    await waitFor(() => gates.length === 2);
    expect(w.inFlight).toBe(2);

    gates[0]!(true); // the old attempt finishes late, with an error
    expect(await first.settled).toBe("ack");
    expect(w.inFlight).toBe(1);
    expect(await h.store.findById(task!.id)).toMatchObject({ status: "PROCESSING", attempts: 1 });

    gates[1]!(false);
    expect(await second.settled).toBe("ack");
    expect(await h.store.findById(task!.id)).toMatchObject({ status: "COMPLETED", attempts: 1 });
    expect(await h.processed("lease_lost")).toBe(1);
    expect(await h.processed("backoff")).toBe(0);
  });

  it("stops its own work when it cannot renew its lease for half the term (self-fencing)", async () => {
    const [task] = await h.store.insertMany(["a"]);
    h.store.renewLeases = async () => {
      throw new Error("database is unavailable");
    };
    let stoppedAfter = -1;
    const t0 = Date.now();
    const w = h.start(
      (_task, signal) =>
        new Promise<void>((_, reject) =>
          signal.addEventListener("abort", () => {
            stoppedAfter = Date.now() - t0;
            reject(new Error("aborted"));
          }),
        ),
      { leaseMs: 1_200 },
    );
    const d = fakeDelivery(task!.id);
    w.accept(d);
    expect(await d.settled).toBe("ack");
    expect(stoppedAfter).toBeGreaterThanOrEqual(550);
    expect(stoppedAfter).toBeLessThan(1_000); // well before the lease runs out
    expect(await h.processed("lease_lost")).toBe(1);
    expect((await h.processed("failed")) + (await h.processed("backoff"))).toBe(0);
  });
});

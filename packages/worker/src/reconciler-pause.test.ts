import { InMemoryTaskStore, RecordingPublisher } from "@tps/core/testing";
import { describe, expect, it } from "vitest";
import { useTestReconcilers } from "./reconciler-test-helpers";

describe("reconciler while processing is paused (in-memory store)", () => {
  const startReconciler = useTestReconcilers();

  it("leaves queued messages alone (waiting, not lost) but still reaps lapsed leases", async () => {
    let now = 1_000_000;
    const store = new InMemoryTaskStore(() => now);
    const [queued, crashed] = await store.insertMany(["queued while paused", "its consumer crashed"]);
    await store.claim([crashed!.id], "dead-consumer", 10_000);
    now += 120_000; // published two minutes ago; the crashed consumer's lease lapsed long ago
    const publisher = new RecordingPublisher();
    const reconciler = startReconciler({ store, publisher, paused: () => true });
    await reconciler.runOnce();
    await reconciler.runOnce();
    // The crashed consumer's task is back to PENDING and published again (it waits in the queue)...
    expect(await store.findById(crashed!.id)).toMatchObject({ status: "PENDING" });
    await expect.poll(() => publisher.published, { timeout: 1_000 }).toEqual([crashed!.id]);
    // ...while the one already queued is not sent a second time.
    expect((await store.findById(queued!.id))?.publishedAt).not.toBeNull();
  });
});

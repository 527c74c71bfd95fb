import type { LeaseRef, WorkStore } from "@tps/core";
import { MemoryLog } from "@tps/core/testing";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { Attempt } from "./attempts";
import { RENEW_CHUNK, startLeaseKeeper } from "./lease-keeper";
import { createConsumerMetrics } from "./metrics";
import { fakeDelivery } from "./testing";

const attempt = (id: number): Attempt => ({
  task: { id, type: "sleep", leaseToken: `token-${id}`, attempts: 1, maxAttempts: 3, createdAtMs: 0 },
  delivery: fakeDelivery(id),
  controller: new AbortController(),
  done: Promise.resolve(),
  leaseConfirmedAt: 0,
  cancelRequestedAt: undefined,
  lost: undefined,
});

describe("lease keeper", () => {
  it("renews many leases in statements of at most RENEW_CHUNK, one after the other", async () => {
    const held = Array.from({ length: RENEW_CHUNK * 2 + 500 }, (_, i) => attempt(i + 1));
    const statements: number[] = [];
    let running = 0;
    const store = {
      async renewLeases(leases: readonly LeaseRef[]) {
        running++;
        expect(running).toBe(1);
        statements.push(leases.length);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        // The second statement finds one lease cancelled; every other lease is still ours.
        return leases.map(({ id, leaseToken }) => ({
          leaseToken,
          held: id !== RENEW_CHUNK + 1,
          canceled: id === RENEW_CHUNK + 1,
          canceledAt: id === RENEW_CHUNK + 1 ? new Date(1_000) : null,
        }));
      },
    } as unknown as WorkStore;
    const lost: [number, string, number | undefined][] = [];
    const keeper = startLeaseKeeper({
      store,
      owner: "c1",
      leaseMs: 60_000,
      held: () => held,
      running: () => [],
      onLost: (a, reason, at) => lost.push([a.task.id, reason, at]),
      metrics: createConsumerMetrics(new Registry()),
      log: new MemoryLog(),
    });
    try {
      await keeper.renew();
    } finally {
      keeper.stop();
    }
    expect(statements).toEqual([RENEW_CHUNK, RENEW_CHUNK, 500]);
    expect(lost).toEqual([[RENEW_CHUNK + 1, "canceled", 1_000]]);
    expect(held.filter((a) => a.leaseConfirmedAt > 0)).toHaveLength(held.length - 1);
  });
});

import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { type CancelSignal, cancelTask } from "@tps/core";
import { describe, expect, it } from "vitest";
import { useHungServices } from "../testing/suite-hooks";
import { createCancelBus } from "./cancel-bus";

/**
 * Invariant: a hung Redis costs once, not per call. Cancels write PostgreSQL (the truth) and only
 * then announce through Redis; behind the breaker, one announce waits for the command timeout and
 * the rest fail at once. Counted, not timed: how many Redis calls ended in a timeout.
 */
describe("cancel bus with a hung Redis", () => {
  const hung = useHungServices();

  /** How each Redis call ended: "ok", "timeout" (waited the command timeout) or "fast" (failed at once). */
  const recorder = () => {
    const outcomes: Promise<string>[] = [];
    const record = <T>(call: Promise<T>) => {
      outcomes.push(
        call.then(
          () => "ok",
          (error: Error) => (/timed out|did not answer/.test(error.message) ? "timeout" : "fast"),
        ),
      );
      return call;
    };
    const count = async () => {
      const all = await Promise.all(outcomes);
      return { ok: all.filter((o) => o === "ok").length, timeout: all.filter((o) => o === "timeout").length };
    };
    return { record, count };
  };

  it("20 cancels all stand in PostgreSQL and at most one waits for Redis' timeout", async () => {
    const { proxy, bus } = await hung.cancelBusBehindProxy();
    const { record, count } = recorder();
    const cancelSignal: CancelSignal = { announce: (ids) => record(bus.announce(ids)) };
    try {
      expect(await bus.ping()).toBe(true);
      proxy.freeze();
      const tasks = await hung.api.context.repo.insertMany(Array.from({ length: 20 }, (_, i) => `hung ${i}`));
      const t0 = performance.now();
      for (const task of tasks) await cancelTask({ ...hung.api.context, cancelSignal }, task.id);
      const ms = performance.now() - t0;
      const calls = await count();
      console.log(
        `20 cancels with Redis hung: ${ms.toFixed(0)} ms; Redis calls that timed out: ${calls.timeout}`,
      );
      const statuses = await Promise.all(tasks.map((t) => hung.api.context.repo.findById(t.id)));
      expect(statuses.map((t) => t?.status)).toEqual(tasks.map(() => "CANCELED"));
      expect(calls.timeout).toBeLessThanOrEqual(1);
      expect(bus.breakerOpen()).toBe(true);
    } finally {
      await bus.close();
    }
  });

  it("lookups fail fast while open, and the breaker closes once the stalled Redis answers again", async () => {
    // A Redis of its own, stalled with SIGSTOP (the proxy drops bytes while frozen, which a real
    // stalled process never does: its replies arrive, in order, once it runs again).
    const redis = await startOwnRedis();
    const bus = createCancelBus(`redis://127.0.0.1:${redis.port}`, hung.api.prefix, hung.api.log, {
      probeAfterMs: 200,
    });
    const { record, count } = recorder();
    try {
      await bus.announce([424242]);
      redis.stop();
      for (let i = 0; i < 50; i++) await record(bus.flagged([424242])).catch(() => {});
      const calls = await count();
      console.log(`50 lookups with Redis stalled: ${calls.timeout} timed out`);
      expect(calls.timeout).toBeLessThanOrEqual(1);
      expect(bus.breakerOpen()).toBe(true);
      redis.resume();
      const t0 = performance.now();
      while (bus.breakerOpen() && performance.now() - t0 < 10_000)
        await new Promise((r) => setTimeout(r, 20));
      console.log(`breaker closed ${(performance.now() - t0).toFixed(0)} ms after Redis ran again`);
      expect(bus.breakerOpen()).toBe(false);
      expect(await bus.flagged([424242, 424243])).toEqual(new Set([424242]));
    } finally {
      await bus.close();
      await redis.kill();
    }
  });
});

/** A throw-away redis-server on a free port; `stop()`/`resume()` are SIGSTOP/SIGCONT; `kill()` resumes first. */
async function startOwnRedis() {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
  const child = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const { Redis } = await import("ioredis");
  const client = new Redis({ port, lazyConnect: true, retryStrategy: () => 50 });
  client.on("error", () => {}); // refused until the server listens
  for (let i = 0; i < 100; i++) {
    if (
      await client.ping().then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  client.disconnect();
  let stopped = false;
  return {
    port,
    stop() {
      stopped = true;
      child.kill("SIGSTOP");
    },
    resume() {
      stopped = false;
      child.kill("SIGCONT");
    },
    async kill() {
      if (stopped) child.kill("SIGCONT");
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

import { cancelTask } from "@tps/core";
import { createDb } from "@tps/db";
import { describe, expect, it } from "vitest";
import { createTaskRepository } from "./postgres/task-repository";
import { createAmqpPublisher } from "./rabbitmq/publisher";
import { useHungServices } from "./testing/suite-hooks";

/**
 * Invariant: nothing waits forever. Each dependency is put behind a proxy that stops answering
 * (the service hangs; TCP stays up) and every call must fail within its timeout.
 */
describe("dependency calls time out when a service hangs", () => {
  const hung = useHungServices();

  const elapsed = async (run: () => Promise<unknown>) => {
    const t0 = Date.now();
    const result = await run().then(
      () => "resolved",
      () => "rejected",
    );
    return { result, ms: Date.now() - t0 };
  };

  it("a hung Redis fails cancel-flag lookups within the command timeout", async () => {
    const { proxy, bus } = await hung.cancelBusBehindProxy();
    try {
      expect((await elapsed(() => bus.flagged([1, 2]))).result).toBe("resolved");
      proxy.freeze();
      const lookup = await elapsed(() => bus.flagged([1, 2]));
      expect(lookup.result).toBe("rejected");
      expect(lookup.ms).toBeLessThan(2_500);
    } finally {
      await bus.close();
    }
  });

  it("tasks.cancel returns soon after its commit when Redis hangs", async () => {
    const { proxy, bus } = await hung.cancelBusBehindProxy();
    try {
      await bus.ping();
      proxy.freeze();
      const [task] = await hung.api.context.repo.insertMany(["cancel while redis hangs"]);
      const cancel = await elapsed(() => cancelTask({ ...hung.api.context, cancelSignal: bus }, task!.id));
      expect(cancel.result).toBe("resolved");
      expect(cancel.ms).toBeLessThan(2_500);
      expect((await hung.api.context.repo.findById(task!.id))?.status).toBe("CANCELED");
    } finally {
      await bus.close();
    }
  });

  it("a hung PostgreSQL fails a query within the query timeout (and statement_timeout bounds slow ones)", async () => {
    const slow = createDb(hung.api.databaseUrl, { statementTimeoutMs: 300 });
    try {
      const sleep = await elapsed(() => slow.$queryRaw`SELECT pg_sleep(5)`);
      expect(sleep).toMatchObject({ result: "rejected" });
      expect(sleep.ms).toBeLessThan(2_000);
    } finally {
      await slow.$disconnect();
    }
    const proxy = await hung.startProxy(5432);
    const url = new URL(hung.api.databaseUrl);
    url.port = String(proxy.port);
    const db = createDb(url.toString(), { statementTimeoutMs: 500, queryTimeoutMs: 1_000 });
    try {
      await db.$queryRaw`SELECT 1`;
      proxy.freeze();
      const hung = await elapsed(() => db.$queryRaw`SELECT 1`);
      expect(hung.result).toBe("rejected");
      expect(hung.ms).toBeLessThan(3_000);
    } finally {
      proxy.close();
      await db.$disconnect().catch(() => {});
    }
  });

  // Seen in the cancel storm: with every pooled connection busy, pg-pool's "timeout exceeded when
  // trying to connect" surfaced as a 500 "internal error" instead of a retryable 503.
  it("a pool with every connection busy answers 'database unavailable' once its wait times out", async () => {
    const db = createDb(hung.api.databaseUrl, { maxConnections: 1 });
    try {
      const busy = db.$queryRaw`SELECT pg_sleep(6)::text`.then(
        () => {},
        () => {},
      );
      await new Promise((r) => setTimeout(r, 300));
      await expect(createTaskRepository(db).findById(1)).rejects.toMatchObject({
        name: "DependencyUnavailableError",
        code: "UNAVAILABLE",
      });
      await busy;
    } finally {
      await db.$disconnect();
    }
  });

  it("a publish whose confirms never come fails within the confirm timeout", async () => {
    const proxy = await hung.startProxy(5672);
    const publisher = createAmqpPublisher(
      `amqp://guest:guest@127.0.0.1:${proxy.port}`,
      hung.api.queue,
      hung.api.log,
      {
        confirmTimeoutMs: 1_000,
      },
    );
    try {
      await publisher.publish([{ id: 1, type: "sleep" }]);
      proxy.freeze();
      const publish = await elapsed(() =>
        publisher.publish([
          { id: 2, type: "sleep" },
          { id: 3, type: "sleep" },
        ]),
      );
      expect(publish.result).toBe("rejected");
      expect(publish.ms).toBeLessThan(2_500);
    } finally {
      proxy.close();
      await publisher.close();
    }
  });
});

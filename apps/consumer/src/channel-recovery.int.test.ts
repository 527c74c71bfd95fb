import { createCaller } from "@tps/api";
import { TEST_RABBITMQ_URL } from "@tps/infra/testing";
import { createConsumerMetrics } from "@tps/worker/internal";
import amqp from "amqplib";
import { Registry } from "prom-client";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestConsumer } from "./consumer-test-helpers";

/**
 * Invariant: a consumer whose channel is closed or cancelled by the broker (queue deleted or
 * redeclared, consumer_timeout) says so on /health and resumes consuming by itself.
 */
describe("consumer channel recovery on real RabbitMQ", () => {
  const metrics = createConsumerMetrics(new Registry());
  const t = useTestConsumer({
    id: "recovery-consumer",
    metrics,
    env: { RECONCILE_INTERVAL_MS: "200", PUBLISH_GRACE_MS: "300" },
  });
  let caller: ReturnType<typeof createCaller>;
  /** tps_consumer_consuming as a scrape would read it. */
  const consuming = async () => (await metrics.consuming.get()).values[0]?.value;

  const health = async () => {
    const res = await fetch(`http://127.0.0.1:${t.app.port}/health`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const completeSome = async (label: string) => {
    const { items } = await caller.tasks.createMany({ payloads: [1, 2, 3].map((i) => `${label}-${i}`) });
    for (const task of items) {
      await expect
        .poll(async () => (await caller.tasks.get({ id: task.id })).status, { timeout: 10_000, interval: 50 })
        .toBe("COMPLETED");
    }
  };

  beforeAll(() => {
    caller = createCaller(t.api.context);
  });

  it("reports not consuming while the task queue is gone, then resumes and completes new tasks", async () => {
    await completeSome("before");
    expect((await health()).status).toBe(200);
    expect(await consuming()).toBe(1);

    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    try {
      const channel = await connection.createChannel();
      // Deleting the queue cancels our consumer (basic.cancel: a null delivery in amqplib). A
      // queue of the same name with other arguments then keeps the consumer from redeclaring it.
      await channel.deleteQueue(t.api.queue);
      await channel.assertQueue(t.api.queue, { durable: false, autoDelete: false });
      await expect.poll(async () => (await health()).status, { timeout: 5_000, interval: 50 }).toBe(503);
      expect((await health()).body.rabbitmq).toMatch(/not consuming/);
      expect(await consuming()).toBe(0);
      // Liveness does not depend on it: not consuming is the readiness probe's and the alert's business.
      expect((await fetch(`http://127.0.0.1:${t.app.port}/health/live`)).status).toBe(200);

      await channel.deleteQueue(t.api.queue); // out of the way: the consumer redeclares its own
      await expect.poll(async () => (await health()).status, { timeout: 10_000, interval: 100 }).toBe(200);
      expect(await consuming()).toBe(1);
    } finally {
      await connection.close();
    }
    await completeSome("after");
  });
});

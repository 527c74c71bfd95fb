import { deleteTopology } from "@tps/infra";
import { TEST_RABBITMQ_URL, TEST_REDIS_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { createWorker, type Worker, type WorkerOptions } from "./create-worker";

/**
 * A worker for an integration test: the test's database and queue on this machine's RabbitMQ and
 * Redis, a short shutdown grace and silent logs. `options` add to that or override it (`env` adds
 * to LOG_LEVEL=silent). Not started.
 */
export function createTestWorker(
  target: { databaseUrl: string; queue: string },
  options: WorkerOptions & { id: string },
): Worker {
  return createWorker({
    databaseUrl: target.databaseUrl,
    rabbitmqUrl: TEST_RABBITMQ_URL,
    redisUrl: TEST_REDIS_URL,
    queue: target.queue,
    shutdownGraceMs: 500,
    ...options,
    env: { LOG_LEVEL: "silent", ...options.env },
  });
}

/** `createTestWorker`, started, and added to `started` so the file's afterAll can stop it. */
export async function startTestWorker(
  target: { databaseUrl: string; queue: string },
  options: WorkerOptions & { id: string },
  started: Worker[],
): Promise<Worker> {
  const worker = createTestWorker(target, options);
  started.push(worker);
  await worker.start();
  return worker;
}

/** Deletes a test queue's topology (its type queues for `types` included); a missing part is fine. */
export async function deleteTestTopology(queue: string, types: readonly string[] = []): Promise<void> {
  const connection = await amqp.connect(TEST_RABBITMQ_URL);
  await deleteTopology(await connection.createChannel(), queue, types).catch(() => {});
  await connection.close();
}

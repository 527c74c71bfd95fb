import type { ApiContext } from "@tps/api";
import { createDb } from "@tps/db";
import amqp from "amqplib";
import { createLogger } from "../logger";
import { createChangeFeed } from "../postgres/change-feed";
import { createConsumerDirectory } from "../postgres/consumer-directory";
import { createTaskRepository } from "../postgres/task-repository";
import { createAmqpPublisher } from "../rabbitmq/publisher";
import { deleteTopology } from "../rabbitmq/topology";
import { createCancelBus } from "../redis/cancel-bus";
import { createTestDatabase, TEST_RABBITMQ_URL, TEST_REDIS_URL, uniqueName } from "./test-services";

/**
 * Real adapters on a fresh database, a fresh queue and a fresh Redis prefix, as the web app wires
 * them. `dispose()` closes everything and removes the database and queues.
 */
export async function createTestApi(templateUrl: string) {
  const database = await createTestDatabase(templateUrl);
  const queue = uniqueName("tq_test");
  const prefix = `tps:${queue}:`;
  const log = createLogger("test", "silent");
  const db = createDb(database.url, { maxConnections: 5 });
  const publisher = createAmqpPublisher(TEST_RABBITMQ_URL, queue, log);
  const cancelBus = createCancelBus(TEST_REDIS_URL, prefix, log);
  const changes = createChangeFeed(database.url, log);
  const context: ApiContext = {
    repo: createTaskRepository(db),
    publisher,
    cancelSignal: cancelBus,
    consumers: createConsumerDirectory(db),
    queue: publisher,
    changes,
    log,
  };
  return {
    context,
    db,
    databaseUrl: database.url,
    queue,
    prefix,
    log,
    publisher,
    cancelBus,
    async dispose() {
      await changes.close();
      await publisher.close();
      await cancelBus.close();
      await db.$disconnect();
      const connection = await amqp.connect(TEST_RABBITMQ_URL);
      const channel = await connection.createChannel();
      await deleteTopology(channel, queue).catch(() => {});
      await connection.close();
      await database.drop();
    },
  };
}

import amqp from "amqplib";
import { createApiServices } from "../api-services";
import { redisPrefix } from "../env";
import { createLogger } from "../logger";
import { deleteTopology } from "../rabbitmq/topology";
import { createTestDatabase, TEST_RABBITMQ_URL, TEST_REDIS_URL, uniqueName } from "./test-services";

/** The caller tests act as unless they say otherwise: an admin, so every procedure is open. */
export const TEST_ADMIN = {
  id: "test-admin",
  name: "test-admin",
  role: "admin",
  via: "session",
  userId: "test-admin",
} as const;

/**
 * The web app's services on a fresh database, a fresh queue and a fresh Redis prefix.
 * `dispose()` closes everything and removes the database and queues.
 */
export async function createTestApi(templateUrl: string) {
  const database = await createTestDatabase(templateUrl);
  const queue = uniqueName("tq_test");
  const log = createLogger("test", "silent");
  const services = createApiServices({
    databaseUrl: database.url,
    rabbitmqUrl: TEST_RABBITMQ_URL,
    redisUrl: TEST_REDIS_URL,
    queue,
    poolSize: 5,
    log,
  });
  return {
    ...services,
    /** The ports plus a principal (TEST_ADMIN): `createCaller(api.context)` works as an admin. */
    context: { ...services.context, principal: TEST_ADMIN as typeof TEST_ADMIN | null },
    databaseUrl: database.url,
    queue,
    prefix: redisPrefix(queue, database.url),
    log,
    async dispose() {
      // Type queues (`<queue>.type.<type>`) are declared on a type's first publish: remove them too.
      const types = await services.db.$queryRaw<{ type: string }[]>`SELECT type FROM task_types`.catch(
        () => [] as { type: string }[],
      );
      await services.close();
      const connection = await amqp.connect(TEST_RABBITMQ_URL);
      const channel = await connection.createChannel();
      await deleteTopology(
        channel,
        queue,
        types.map((t) => t.type),
      ).catch(() => {});
      await connection.close();
      await database.drop();
    },
  };
}

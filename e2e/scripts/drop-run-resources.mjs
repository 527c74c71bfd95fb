// Removes what one e2e run created: its database, its RabbitMQ queues and exchange, its Redis keys.
// Each step is guarded so one failure does not skip the others; failures are printed, not thrown.
import pg from "pg";

/**
 * Task types besides `sleep` have a queue each, `<queue>.type.<type>` (queueForType in @tps/infra's
 * rabbitmq/topology.ts). The run's registered types are read from its database before it is
 * dropped; these are deleted as well in case that read fails: the demo worker's
 * (scripts/demo-worker.ts) and the one task-types.spec.ts registers with no worker.
 */
const RUN_TYPES = ["demo.count", "e2e.unserved"];

/** @param {{ databaseUrl?: string, queue?: string, rabbitmqUrl: string, redisUrl: string }} run */
export async function dropRunResources({ databaseUrl, queue, rabbitmqUrl, redisUrl }) {
  if (!databaseUrl?.includes("/tps_e2e_") || !queue?.startsWith("task_queue_e2e_")) {
    console.error("[e2e] not an e2e run's database/queue; nothing removed");
    return;
  }
  const types = new Set(RUN_TYPES);
  await step("read the registered task types", async () => {
    for (const type of await registeredTypes(databaseUrl)) types.add(type);
  });
  types.delete("sleep"); // its queue is the run's queue itself
  await step(`drop database ${new URL(databaseUrl).pathname.slice(1)}`, () => dropDatabase(databaseUrl));
  await step(`delete queues of ${queue}`, () => deleteQueues(rabbitmqUrl, queue, [...types]));
  await step(`delete Redis keys tps:${queue}:*`, () => deleteRedisKeys(redisUrl, `tps:${queue}:`));
}

async function step(label, action) {
  try {
    await action();
    console.log(`[e2e] ${label}: done`);
  } catch (error) {
    console.error(`[e2e] ${label}: failed: ${error.message}`);
  }
}

async function registeredTypes(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query("SELECT type FROM task_types")).rows.map((row) => row.type);
  } finally {
    await client.end();
  }
}

async function dropDatabase(databaseUrl) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function deleteQueues(rabbitmqUrl, queue, types) {
  const amqp = await import("amqplib"); // hoisted from @tps/infra
  const connection = await amqp.connect(rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    for (const type of types) await channel.deleteQueue(`${queue}.type.${type}`);
    await channel.deleteQueue(queue);
    await channel.deleteQueue(`${queue}.dead`);
    await channel.deleteExchange(`${queue}.dlx`);
    await channel.close();
  } finally {
    await connection.close();
  }
}

async function deleteRedisKeys(redisUrl, prefix) {
  const { Redis } = await import("ioredis"); // hoisted from @tps/infra
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

import { deleteTopology, redisPrefix } from "@tps/infra";
import amqp from "amqplib";
import { Redis } from "ioredis";
import pg from "pg";
import type { BenchOptions } from "./options";

/** Removes a bench run's database, queues and Redis keys, so runs leave nothing behind. */
export async function dropRunState(
  options: Pick<BenchOptions, "databaseServer" | "rabbitmqUrl" | "redisUrl">,
  database: string,
  queue: string,
) {
  const admin = new pg.Client({ connectionString: `${options.databaseServer}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).finally(() => admin.end());
  const connection = await amqp.connect(options.rabbitmqUrl);
  try {
    await deleteTopology(await connection.createChannel(), queue);
  } finally {
    await connection.close();
  }
  // Connected up front, so an unreachable Redis fails here instead of queueing the commands.
  const redis = new Redis(options.redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    const keys = await redis.keys(`${redisPrefix(queue, `${options.databaseServer}/${database}`)}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

import { Redis } from "ioredis";
import { TEST_REDIS_URL } from "./test-services";

/** Removes every key a test wrote under its own `prefix` in the local Redis (for an afterAll). */
export async function deleteTestRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

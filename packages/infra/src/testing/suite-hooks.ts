import { createDb, type PrismaClient } from "@tps/db";
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { createCancelBus } from "../redis/cancel-bus";
import { type HungProxy, startHungProxy } from "./hung-proxy";
import { createTestApi } from "./test-context";
import { createTestDatabase } from "./test-services";

// Kept out of ./index on purpose: these register vitest hooks, and the testing entry is also loaded
// by benchmarks that run outside vitest.

/**
 * Registers hooks on the enclosing file or describe: a fresh database before its tests, dropped
 * after them. Returns a getter for the adapter `build` made on that database (set once tests run).
 */
export function usePostgresAdapter<T>(build: (db: PrismaClient) => T): () => T {
  let db: PrismaClient | undefined;
  let drop: (() => Promise<void>) | undefined;
  let adapter: T | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase(inject("templateDatabaseUrl"));
    db = createDb(database.url, { maxConnections: 3 });
    drop = database.drop;
    adapter = build(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });
  return () => adapter as T;
}

/**
 * Registers hooks for tests that make a service hang: one test API for the describe, and a
 * hung-able proxy per test that is closed after the test whatever its outcome.
 */
export function useHungServices() {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let proxy: HungProxy | null = null;
  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = null;
  });
  afterAll(() => api?.dispose());

  /** A proxy in front of the local service listening on `port`. */
  const startProxy = async (port: number) => {
    proxy = await startHungProxy({ host: "127.0.0.1", port });
    return proxy;
  };
  return {
    get api() {
      return api;
    },
    startProxy,
    /** A cancel bus on the test API's prefix that reaches the local Redis through a new proxy. */
    async cancelBusBehindProxy() {
      const redis = await startProxy(6379);
      return { proxy: redis, bus: createCancelBus(`redis://127.0.0.1:${redis.port}`, api.prefix, api.log) };
    },
  };
}

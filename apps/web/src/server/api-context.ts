import type { ApiContext } from "@tps/api";
import { createDb } from "@tps/db";
import {
  createAmqpPublisher,
  createCancelBus,
  createChangeFeed,
  createConsumerDirectory,
  createLogger,
  createTaskRepository,
  redisPrefix,
} from "@tps/infra";
import { env } from "./env";
import { webMetrics } from "./metrics";

function createServices() {
  const log = createLogger("web", env.LOG_LEVEL);
  const db = createDb(env.DATABASE_URL, { maxConnections: env.DB_POOL_SIZE });
  const publisher = createAmqpPublisher(env.RABBITMQ_URL, env.TASK_QUEUE, log);
  const cancelBus = createCancelBus(env.REDIS_URL, redisPrefix(env.TASK_QUEUE), log);
  const context: ApiContext = {
    repo: createTaskRepository(db),
    publisher,
    cancelSignal: cancelBus,
    consumers: createConsumerDirectory(db),
    queue: publisher,
    changes: createChangeFeed(env.DATABASE_URL, log),
    log,
    observe: {
      request: (procedure, outcome, seconds) =>
        webMetrics.requestDuration.observe({ procedure, outcome }, seconds),
      tasksCreated: (count) => webMetrics.tasksCreated.inc(count),
    },
  };
  return { context, db, publisher, cancelBus, log };
}

// Created on first use (never during `next build`) and shared by every route of the process.
const holder = globalThis as typeof globalThis & { __tpsServices?: ReturnType<typeof createServices> };
export function services() {
  holder.__tpsServices ??= createServices();
  return holder.__tpsServices;
}

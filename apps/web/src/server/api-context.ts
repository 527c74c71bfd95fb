import type { ApiContext } from "@tps/api";
import { createApiServices, createLogger } from "@tps/infra";
import { env } from "./env";
import { webMetrics } from "./metrics";

function createServices() {
  const log = createLogger("web", env.LOG_LEVEL);
  const services = createApiServices({
    databaseUrl: env.DATABASE_URL,
    rabbitmqUrl: env.RABBITMQ_URL,
    redisUrl: env.REDIS_URL,
    queue: env.TASK_QUEUE,
    poolSize: env.DB_POOL_SIZE,
    log,
  });
  const context: ApiContext = {
    ...services.context,
    observe: {
      request: (procedure, outcome, seconds) =>
        webMetrics.requestDuration.observe({ procedure, outcome }, seconds),
      tasksCreated: (count) => webMetrics.tasksCreated.inc(count),
    },
  };
  return { ...services, log, context };
}

// Created on first use (never during `next build`) and shared by every route of the process.
const holder = globalThis as typeof globalThis & { __tpsServices?: ReturnType<typeof createServices> };
export function services() {
  holder.__tpsServices ??= createServices();
  return holder.__tpsServices;
}

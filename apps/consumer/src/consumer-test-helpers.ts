import type { Log } from "@tps/core";
import { type ConsumerMetrics, createSimulatedWork } from "@tps/worker/internal";
import { startConsumerApp } from "./consumer-app";
import { testConsumerConfig } from "./testing";

/**
 * The consumer app on a test API's database and queue, as most integration tests run it: a pool
 * of 3 connections, 50 ms of simulated work per task and the API's log. `env` adds settings
 * (env-variable strings) or overrides those.
 */
export function startTestConsumer(
  api: { databaseUrl: string; queue: string; log: Log },
  options: { id: string; metrics: ConsumerMetrics; env?: Record<string, string> },
) {
  return startConsumerApp({
    config: testConsumerConfig(api, { CONSUMER_ID: options.id, DB_POOL_SIZE: "3", ...options.env }),
    log: api.log,
    metrics: options.metrics,
    work: createSimulatedWork(50),
  });
}

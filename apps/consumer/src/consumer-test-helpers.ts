import type { Log } from "@tps/core";
import { createTestApi } from "@tps/infra/testing";
import {
  type ConsumerMetrics,
  createConsumerMetrics,
  createSimulatedWork,
  type WorkFn,
} from "@tps/worker/internal";
import { Registry } from "prom-client";
import { afterAll, beforeAll, inject } from "vitest";
import { type ConsumerApp, startConsumerApp } from "./consumer-app";
import { testConsumerConfig } from "./testing";

/** Consumer metrics on a registry of their own, so two consumers in one test do not share figures. */
export const testConsumerMetrics = () => createConsumerMetrics(new Registry());

/**
 * The consumer app on a test API's database and queue, as most integration tests run it: a pool
 * of 3 connections, 50 ms of simulated work per task and the API's log. `env` adds settings
 * (env-variable strings) or overrides those; `work` replaces the simulated work.
 */
export function startTestConsumer(
  api: { databaseUrl: string; queue: string; log: Log },
  options: { id: string; metrics: ConsumerMetrics; env?: Record<string, string>; work?: WorkFn },
) {
  return startConsumerApp({
    config: testConsumerConfig(api, { CONSUMER_ID: options.id, DB_POOL_SIZE: "3", ...options.env }),
    log: api.log,
    metrics: options.metrics,
    work: options.work ?? createSimulatedWork(50),
  });
}

type TestConsumerOptions = Parameters<typeof startTestConsumer>[1];

/**
 * Registers hooks on the enclosing describe: a test API and one consumer on it (startTestConsumer)
 * before its tests, both stopped after them. Their getters are set once tests run.
 */
export function useTestConsumer(options: TestConsumerOptions) {
  let api: Awaited<ReturnType<typeof createTestApi>> | undefined;
  let app: ConsumerApp | undefined;
  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    app = await startTestConsumer(api, options);
  });
  afterAll(async () => {
    await app?.stop();
    await api?.dispose();
  });
  return {
    get api() {
      return api!;
    },
    get app() {
      return app!;
    },
  };
}

/**
 * Simulated work that takes `slowMs` for payloads starting with "slow" and `normalMs` for the rest,
 * so a test picks which of its tasks are still running when it acts (pause, cancel).
 */
export function slowPayloadWork(normalMs: number, slowMs: number): WorkFn {
  const normal = createSimulatedWork(normalMs);
  const slow = createSimulatedWork(slowMs);
  return (task, signal) => (task.payload.startsWith("slow") ? slow : normal)(task, signal);
}

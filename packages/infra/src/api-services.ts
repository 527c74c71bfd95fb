import { type ApiPorts, type AuditLog, createTaskIntake, type Log } from "@tps/core";
import { createDb } from "@tps/db";
import { redisPrefix } from "./env";
import { cacheLongActivity } from "./postgres/activity-cache";
import { createAuditLog } from "./postgres/audit-log";
import { createChangeFeed } from "./postgres/change-feed";
import { createConsumerDirectory } from "./postgres/consumer-directory";
import { createProcessingControl } from "./postgres/processing-control";
import { createScheduleStore } from "./postgres/schedule-store";
import { createTaskRepository } from "./postgres/task-repository";
import { createTaskTypes } from "./postgres/task-types";
import { createAmqpDeadLetterQueue } from "./rabbitmq/dead-letter-queue";
import { createAmqpPublisher } from "./rabbitmq/publisher";
import { createCancelBus } from "./redis/cancel-bus";
import { traceCallers } from "./telemetry/caller-scope";
import { tracePublisher } from "./telemetry/traced-publisher";

export interface ApiServicesConfig {
  databaseUrl: string;
  rabbitmqUrl: string;
  redisUrl: string;
  queue: string;
  poolSize: number;
  log: Log;
  /** Shared creates running at once (createTaskIntake's maxInFlight); default 2. */
  createsInFlight?: number;
  /** Told the size of each shared create (calls and tasks), for metrics. */
  onCreateBatch?(calls: number, tasks: number): void;
}

/** The API's adapters wired together: the web app's composition root, also used by integration tests. */
export function createApiServices(config: ApiServicesConfig) {
  const { log } = config;
  const db = createDb(config.databaseUrl, { maxConnections: config.poolSize });
  const publisher = tracePublisher(createAmqpPublisher(config.rabbitmqUrl, config.queue, log), config.queue);
  const cancelBus = createCancelBus(config.redisUrl, redisPrefix(config.queue, config.databaseUrl), log);
  const changes = createChangeFeed(config.databaseUrl, log);
  const repo = cacheLongActivity(createTaskRepository(db));
  const context: ApiPorts & { audit: AuditLog } = {
    repo,
    publisher,
    intake: createTaskIntake(
      { repo, publisher, log },
      { maxInFlight: config.createsInFlight, onBatch: config.onCreateBatch, scope: traceCallers },
    ),
    cancelSignal: cancelBus,
    consumers: createConsumerDirectory(db),
    queue: publisher,
    changes,
    processing: createProcessingControl(db),
    log,
    audit: createAuditLog(db),
    deadLetters: createAmqpDeadLetterQueue(config.rabbitmqUrl, config.queue, log),
    types: createTaskTypes(db),
    schedules: createScheduleStore(db),
  };
  return {
    context,
    db,
    publisher,
    cancelBus,
    /** Closes every connection; each step runs even if an earlier one failed. */
    async close() {
      for (const close of [
        () => context.audit.flush(),
        () => changes.close(),
        () => publisher.close(),
        () => cancelBus.close(),
        () => db.$disconnect(),
      ]) {
        await close().catch(() => {});
      }
    },
  };
}

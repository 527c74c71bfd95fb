export { type ApiServicesConfig, createApiServices } from "./api-services";
export { describeError } from "./describe-error";
export { intSetting, parseEnv, redisPrefix, sharedEnv } from "./env";
export { createLogger, type Logger } from "./logger";
export { metricsAllowed } from "./metrics-token";
export { type AdvisoryLock, createAdvisoryLock, RETENTION_LOCK_KEY } from "./postgres/advisory-lock";
export { createAuditLog } from "./postgres/audit-log";
export { createChangeFeed } from "./postgres/change-feed";
export { createConsumerDirectory, type Heartbeat } from "./postgres/consumer-directory";
export { createHeldTaskStore } from "./postgres/held-tasks";
export { createProcessingControl } from "./postgres/processing-control";
export { countPurgeable } from "./postgres/retention-sql";
export { createScheduleStore } from "./postgres/schedule-store";
export { createTaskRepository } from "./postgres/task-repository";
export { createTaskTypes } from "./postgres/task-types";
export { createWorkStore } from "./postgres/work-store";
export { type AmqpDeadLetterOptions, createAmqpDeadLetterQueue } from "./rabbitmq/dead-letter-queue";
export { type AmqpPublisher, createAmqpPublisher } from "./rabbitmq/publisher";
export {
  assertTopology,
  DELIVERY_LIMIT,
  deleteTopology,
  isTypeQueueOf,
  laneOf,
  MAX_PRIORITY,
  queueForType,
  queueNames,
  type Topology,
} from "./rabbitmq/topology";
export { type CancelBus, createCancelBus } from "./redis/cancel-bus";
export { createLimitCounter, type LimitCounterOptions } from "./redis/limit-counter";
export { createRedisBreaker, type RedisBreaker } from "./redis/redis-breaker";
export {
  activeTraceIds,
  contextFromHeaders,
  endSpanAfter,
  openMetricsRegistry,
  startTelemetry,
  type Telemetry,
  TracedHistogram,
  traceHeaders,
  tracePublisher,
  tracer,
  tracingEnabled,
} from "./telemetry";

export { parseEnv, redisPrefix, sharedEnv } from "./env";
export { createLogger, type Logger } from "./logger";
export { createTaskRepository } from "./postgres/task-repository";
export { isConnectionError, withDatabase } from "./postgres/unavailable";
export { createWorkStore } from "./postgres/work-store";
export { type AmqpPublisher, createAmqpPublisher } from "./rabbitmq/publisher";
export { assertTopology, deleteTopology, queueNames } from "./rabbitmq/topology";
export { type CancelBus, createCancelBus } from "./redis/cancel-bus";

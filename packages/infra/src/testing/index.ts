export { type HungProxy, startHungProxy } from "./hung-proxy";
export { httpOk, sleep, waitUntil } from "./polling";
export { deleteTestRedisKeys } from "./redis-keys";
export { createTestApi, TEST_ADMIN } from "./test-context";
export { createTestDatabase, TEST_RABBITMQ_URL, TEST_REDIS_URL, uniqueName } from "./test-services";
export { type ReadableSpan, startTestTelemetry } from "./test-telemetry";

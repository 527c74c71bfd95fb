/**
 * The server's types, imported type-only: nothing of the server is loaded at runtime. The build
 * bundles these declarations into dist/index.d.ts, so the published package needs neither
 * `@tps/api` nor `@tps/core`.
 */
import type { AppRouter as ServerRouter } from "@tps/api";

/** The router the client is typed against (procedures `tasks.*`, `dashboard.*`). */
export type AppRouter = ServerRouter;

export type {
  Activity,
  ActivityBucket,
  BulkByIdsResult,
  BulkMatchingResult,
  ConsumerInfo,
  JsonValue,
  Overview,
  Task,
  TaskCounts,
  TaskFilter,
  TaskPage,
  TaskProgress,
  TaskSort,
  TaskStatus,
  TimelineEntry,
  TimelineType,
} from "@tps/core";

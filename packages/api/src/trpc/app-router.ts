import { apiKeysRouter, auditRouter, sessionRouter, usersRouter } from "./admin-routers";
import { dashboardRouter } from "./dashboard-router";
import { deadLettersRouter } from "./dead-letters-router";
import { processingRouter } from "./processing-router";
import { schedulesRouter } from "./schedules-router";
import { taskTypesRouter } from "./task-types-router";
import { tasksRouter } from "./tasks-router";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  session: sessionRouter,
  tasks: tasksRouter,
  taskTypes: taskTypesRouter,
  dashboard: dashboardRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  processing: processingRouter,
  deadLetters: deadLettersRouter,
  schedules: schedulesRouter,
});
export type AppRouter = typeof appRouter;

/** Calls procedures in-process (tests, server components) with a context built by the caller. */
export const createCaller = createCallerFactory(appRouter);

export type ProcedureKind = "query" | "mutation" | "subscription";

/** Whether `path` names a query, a mutation or a subscription; null when there is no such procedure. */
export function procedureKind(path: string): ProcedureKind | null {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { type: ProcedureKind } }
  >;
  return Object.hasOwn(procedures, path) ? procedures[path]!._def.type : null;
}

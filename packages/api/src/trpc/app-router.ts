import { apiKeysRouter, auditRouter, sessionRouter, usersRouter } from "./admin-routers";
import { dashboardRouter } from "./dashboard-router";
import { tasksRouter } from "./tasks-router";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  session: sessionRouter,
  tasks: tasksRouter,
  dashboard: dashboardRouter,
  users: usersRouter,
  apiKeys: apiKeysRouter,
  audit: auditRouter,
});
export type AppRouter = typeof appRouter;

/** Calls procedures in-process (tests, server components) with a context built by the caller. */
export const createCaller = createCallerFactory(appRouter);

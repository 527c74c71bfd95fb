import { dashboardRouter } from "./dashboard-router";
import { tasksRouter } from "./tasks-router";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({ tasks: tasksRouter, dashboard: dashboardRouter });
export type AppRouter = typeof appRouter;

/** Calls procedures in-process (tests, server components) with a context built by the caller. */
export const createCaller = createCallerFactory(appRouter);

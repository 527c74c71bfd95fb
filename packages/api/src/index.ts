export { type AppRouter, appRouter, createCaller } from "./trpc/app-router";
export { type RequestNote, requestScope } from "./trpc/request-scope";
export type { ApiContext } from "./trpc/trpc";

export { type AppRouter, appRouter, createCaller } from "./trpc/app-router";
export type { ApiContext } from "./trpc/trpc";

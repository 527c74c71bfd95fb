export {
  ACCESS,
  hasRole,
  isRole,
  minimumRole,
  type Principal,
  RATE_LIMITED,
  ROLES,
  type Role,
} from "./trpc/access";
export { type AppRouter, appRouter, createCaller } from "./trpc/app-router";
export { refusal } from "./trpc/authorize";
export type { ApiKeyView, IdentityAdmin, UserView } from "./trpc/identity";
export { createRateLimiter, type RateLimiter } from "./trpc/rate-limit";
export { type ApiContext, RateLimitedError } from "./trpc/trpc";

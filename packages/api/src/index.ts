export {
  ACCESS,
  AUDITED_AFTER_ANSWER,
  hasRole,
  isRole,
  minimumRole,
  type Principal,
  type ProcedurePath,
  RATE_LIMITED,
  ROLES,
  type Role,
} from "./access";
export {
  type AppRouter,
  appRouter,
  createCaller,
  type ProcedureKind,
  procedureKind,
} from "./trpc/app-router";
export { refusal } from "./trpc/authorize";
export type { ApiKeyView, IdentityAdmin, UserView } from "./trpc/identity";
export { createRateLimiter, type RateLimiter } from "./trpc/rate-limit";
export { type RequestNote, requestScope } from "./trpc/request-scope";
export { type ApiContext, RateLimitedError } from "./trpc/trpc";

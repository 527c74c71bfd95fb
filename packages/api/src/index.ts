export {
  ACCESS,
  BULK_ACTIONS,
  CREATES,
  hasRole,
  isRole,
  type LimitClass,
  limitClassOf,
  lowerRole,
  minimumRole,
  type Principal,
  type ProcedurePath,
  RATE_LIMITED,
  ROLES,
  type Role,
  SESSION_ONLY,
} from "./access";
export {
  CONTRACT,
  type ProcedureContract,
  REST_CONTRACT,
  type RestContract,
  type RestErrorStatus,
  type RestProcedure,
} from "./contract";
export {
  type AppRouter,
  appRouter,
  createCaller,
  type ProcedureKind,
  procedureKind,
} from "./trpc/app-router";
export { refusal } from "./trpc/authorize";
export { RateLimitedError, tooManyRequests } from "./trpc/call-limits";
export type { ApiKeyView, IdentityAdmin, UserView } from "./trpc/identity";
export { createLimitStore, type LimitStore, type LimitStoreOptions, type Rule } from "./trpc/limit-store";
export {
  addressCaller,
  createRateLimiter,
  DEFAULT_LIMITS,
  DEFAULT_REFUSALS,
  type Limits,
  type Rate,
  type RateLimiter,
  type RateLimiterOptions,
  ruleOf,
} from "./trpc/rate-limit";
export {
  keyLimitsOf,
  limitsSchema,
  parseRateLimitsSetting,
  type RateLimitsSetting,
} from "./trpc/rate-limit-schema";
export { type RequestNote, requestScope } from "./trpc/request-scope";
export { createStreamLeases, type StreamLease } from "./trpc/stream-leases";
export type { ApiContext } from "./trpc/trpc";

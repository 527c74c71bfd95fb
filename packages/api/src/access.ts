import type { Limits } from "./trpc/rate-limit";

/** Roles are few and ordered: each one may do everything the ones before it may. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** The lower of two roles: what a key may do when its owner's role is below its own. */
export const lowerRole = (a: Role, b: Role): Role => (ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b);

/** True when `role` is `min` or above. */
export const hasRole = (role: Role, min: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(min);

/** Who is calling: a signed-in user (session cookie) or a service (API key). */
export interface Principal {
  /** User id, or API key id. */
  id: string;
  /** How the audit log and timelines name them: the user's email or the key's name. */
  name: string;
  role: Role;
  via: "session" | "apiKey";
  /** The user behind the call: the signed-in user, or the user who owns the key. */
  userId: string;
  /** An API key's own rate limits (set when it was created), over its role's (trpc/rate-limit.ts). */
  limits?: Limits;
}

/**
 * Every procedure's minimum role, by path. The authorization middleware refuses a path missing
 * here (fail closed), and a test walks the router so none can be forgotten.
 */
export const ACCESS = {
  "session.me": "viewer",
  "tasks.get": "viewer",
  "tasks.events": "viewer",
  "tasks.list": "viewer",
  "tasks.stats": "viewer",
  "tasks.onChange": "viewer",
  "taskTypes.list": "viewer",
  "dashboard.overview": "viewer",
  "processing.status": "viewer",
  "tasks.create": "operator",
  "tasks.createMany": "operator",
  "tasks.cancel": "operator",
  "tasks.cancelMany": "operator",
  "tasks.retry": "operator",
  "tasks.retryNow": "operator",
  "tasks.retryMany": "operator",
  "tasks.cancelMatching": "admin",
  "tasks.retryMatching": "admin",
  "tasks.delete": "admin",
  "tasks.deleteMatching": "admin",
  "users.create": "admin",
  "users.list": "admin",
  "users.update": "admin",
  "apiKeys.create": "admin",
  "apiKeys.list": "admin",
  "apiKeys.revoke": "admin",
  "audit.list": "admin",
  "processing.pause": "admin",
  "processing.resume": "admin",
  // Viewers read task payloads already, and a listing is bounded and leaves every message in place.
  "deadLetters.list": "viewer",
  // Redrive feeds messages the consumer refused back to it; purge destroys them: admin only.
  "deadLetters.redrive": "admin",
  "deadLetters.purge": "admin",
  // Cron schedules: reading them (and previewing a pattern) is a viewer's; making tasks on a clock is an operator's.
  "schedules.list": "viewer",
  "schedules.get": "viewer",
  "schedules.preview": "viewer",
  "schedules.create": "operator",
  "schedules.update": "operator",
  "schedules.delete": "operator",
} as const satisfies Record<string, Role>;

export type ProcedurePath = keyof typeof ACCESS;

/** The minimum role for `path`, or null when the path is not in the table. */
export const minimumRole = (path: string): Role | null =>
  Object.hasOwn(ACCESS, path) ? ACCESS[path as ProcedurePath] : null;

/**
 * Identity administration needs a signed-in admin, not an API key: a key that could mint keys or
 * users would leave a leaked key's heirs behind after its revocation.
 */
export const SESSION_ONLY: ReadonlySet<string> = new Set([
  "users.create",
  "users.update",
  "apiKeys.create",
  "apiKeys.revoke",
]);

/** Creates: a call costs one point; a createMany one point per 100 tasks it carries (started). */
export const CREATES: ReadonlySet<string> = new Set(["tasks.create", "tasks.createMany"]);

/** Bulk actions: each call costs one point of the caller's (much lower) bulk limit. */
export const BULK_ACTIONS: ReadonlySet<string> = new Set([
  "tasks.cancelMany",
  "tasks.retryMany",
  "tasks.cancelMatching",
  "tasks.retryMatching",
  "tasks.delete",
  "tasks.deleteMatching",
]);

/** Creates and bulk actions (every other call counts against the caller's `calls` limit). */
export const RATE_LIMITED: ReadonlySet<string> = new Set([...CREATES, ...BULK_ACTIONS]);

/** Which of a principal's limits a call of `path` counts against. */
export type LimitClass = "creates" | "bulk" | "calls";

export const limitClassOf = (path: string): LimitClass =>
  CREATES.has(path) ? "creates" : BULK_ACTIONS.has(path) ? "bulk" : "calls";

/** Roles are few and ordered: each one may do everything the ones before it may. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

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
} as const satisfies Record<string, Role>;

export type ProcedurePath = keyof typeof ACCESS;

/** The minimum role for `path`, or null when the path is not in the table. */
export const minimumRole = (path: string): Role | null =>
  Object.hasOwn(ACCESS, path) ? ACCESS[path as ProcedurePath] : null;

/**
 * The data plane's mutations, which the API server answers as soon as they are done while their
 * audit row (one per call, batched with others) is written in the background; it writes the rows
 * under way before it exits (ApiContext.auditAfterAnswer). Every other mutation, any refused call,
 * and every call through the web process (Next.js owns its signal handlers) is answered only once
 * its audit row is stored.
 */
export const AUDITED_AFTER_ANSWER: ReadonlySet<string> = new Set(["tasks.create", "tasks.createMany"]);

/** Creates and bulk actions: each call takes a token from the caller's bucket. */
export const RATE_LIMITED: ReadonlySet<string> = new Set([
  "tasks.create",
  "tasks.createMany",
  "tasks.cancelMany",
  "tasks.retryMany",
  "tasks.cancelMatching",
  "tasks.retryMatching",
  "tasks.delete",
  "tasks.deleteMatching",
]);

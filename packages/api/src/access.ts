import { CONTRACT, type LimitClass, type ProcedurePath } from "./contract";
import type { Role } from "./roles";
import type { Limits } from "./trpc/rate-limit";

export { hasRole, isRole, lowerRole, ROLES, type Role } from "./roles";
export type { LimitClass, ProcedurePath };

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

const entries = Object.entries(CONTRACT) as [ProcedurePath, (typeof CONTRACT)[ProcedurePath]][];
const pathsWhere = (keep: (contract: (typeof CONTRACT)[ProcedurePath]) => boolean): ReadonlySet<string> =>
  new Set(entries.filter(([, contract]) => keep(contract)).map(([path]) => path));

/** Every procedure's minimum role, by path (the contract's `role`; the reasons sit there). */
export const ACCESS = Object.fromEntries(entries.map(([path, { role }]) => [path, role])) as {
  readonly [P in ProcedurePath]: (typeof CONTRACT)[P]["role"];
};

/** The minimum role for `path`, or null when the path is not in the table. */
export const minimumRole = (path: string): Role | null =>
  Object.hasOwn(CONTRACT, path) ? CONTRACT[path as ProcedurePath].role : null;

/** Procedures API keys may not call: a signed-in user only (why: contract-areas.ts). */
export const SESSION_ONLY = pathsWhere((contract) => "sessionOnly" in contract && contract.sessionOnly);

/** Creates: a call costs one point; a createMany one point per 100 tasks it carries (started). */
export const CREATES = pathsWhere((contract) => contract.limit === "creates");

/** Bulk actions: each call costs one point of the caller's (much lower) bulk limit. */
export const BULK_ACTIONS = pathsWhere((contract) => contract.limit === "bulk");

/** Creates and bulk actions (every other call counts against the caller's `calls` limit). */
export const RATE_LIMITED: ReadonlySet<string> = new Set([...CREATES, ...BULK_ACTIONS]);

/** Which of a principal's limits a call of `path` counts against. */
export const limitClassOf = (path: string): LimitClass =>
  Object.hasOwn(CONTRACT, path) ? CONTRACT[path as ProcedurePath].limit : "calls";

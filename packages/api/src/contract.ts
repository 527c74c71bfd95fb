import { AREAS_CONTRACT } from "./contract-areas";
import { TASKS_CONTRACT } from "./contract-tasks";
import type { ProcedureContract, RestContract } from "./contract-types";

export {
  INVALID_ID,
  type LimitClass,
  NO_SUCH_TASK,
  type ProcedureContract,
  type RestContract,
  type RestErrorStatus,
} from "./contract-types";
export { ROLES, type Role } from "./roles";

/**
 * Every procedure's contract, by path: its minimum role, which rate limit it counts against,
 * whether API keys may call it, and how it is reached over REST. The authorization middleware
 * refuses a path missing here (fail closed), and a test walks the router so none can be forgotten;
 * access.ts derives its lookups, and apps/web its REST routes and OpenAPI operations, from it.
 * Every mutation is audited under its path (trpc.ts), so the audit action is the path itself.
 */
export const CONTRACT = { ...TASKS_CONTRACT, ...AREAS_CONTRACT } as const satisfies Record<
  string,
  ProcedureContract
>;

export type ProcedurePath = keyof typeof CONTRACT;

/** The procedures reachable over REST. */
export type RestProcedure = {
  [P in ProcedurePath]: (typeof CONTRACT)[P] extends { rest: RestContract } ? P : never;
}[ProcedurePath];

/** Every REST operation with its procedure, in the table's order. */
export const REST_CONTRACT: readonly (RestContract & { procedure: RestProcedure })[] = (
  Object.entries(CONTRACT) as [ProcedurePath, ProcedureContract][]
).flatMap(([procedure, { rest }]) => (rest ? [{ ...rest, procedure: procedure as RestProcedure }] : []));

import { z } from "zod";
import { instant } from "./instant";
import { taskIdSchema } from "./task";
import { storableText } from "./text";

export const MAX_AUDIT_PAGE = 200;

/** Entry ids are int8: a larger `before` would be a database error, not a 400. */
const MAX_ENTRY_ID = 9_223_372_036_854_775_807n;

/** Which audit entries a listing shows. All parts are optional and combine with AND. */
export interface AuditFilter {
  /** Part of the actor's name (any case), or an actor id exactly. */
  actor?: string;
  /** A procedure (`tasks.cancel`), or every procedure under a prefix that ends in a dot (`tasks.`). */
  procedure?: string;
  /** Part of the target (any case), e.g. `role="admin"`. */
  target?: string;
  /** Entries about this task: targets `id=42` and `ids=…` lists holding 42 (not 420 or 142). */
  taskId?: number;
  /** `accepted` (`ok` in older rows) or an error code (FORBIDDEN, CONFLICT, ...). */
  outcome?: string;
  /**
   * ISO date-times (years 0001-9999); both ends included. Adapters pass them on in UTC: PostgreSQL
   * refuses offsets past ±15:59, which ISO allows.
   */
  from?: string;
  to?: string;
}

/** One page: entries matching the filter with ids below `before`, newest first. */
export interface AuditQuery extends AuditFilter {
  before?: string | null;
  limit: number;
}

/** `audit.list`'s input: unknown keys are refused, every field is bounded. */
export const auditListInput = z
  .strictObject({
    actor: storableText("actor").trim().min(1, "actor must not be empty").max(200).optional(),
    procedure: z
      .string()
      .max(100)
      .regex(
        /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*\.?$/,
        "procedure must be a procedure such as tasks.cancel, or a prefix such as tasks.",
      )
      .optional(),
    target: storableText("target").trim().min(1, "target must not be empty").max(200).optional(),
    taskId: taskIdSchema.optional(),
    outcome: z
      .string()
      .regex(/^[A-Za-z_]{1,50}$/, "outcome must be ok or an error code such as FORBIDDEN")
      .optional(),
    from: instant("from").optional(),
    to: instant("to").optional(),
    /** The last entry's id of the previous page. */
    before: z
      .string()
      .regex(/^\d{1,19}$/, "before must be an entry id")
      .refine((id) => BigInt(id) <= MAX_ENTRY_ID, "before must be an entry id")
      .nullish(),
    limit: z.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: "from must not be after to",
  })
  .default({ limit: 50 });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const queryMatchesSchema: Same<AuditQuery, z.output<typeof auditListInput>> = true;
void queryMatchesSchema;

/**
 * The task ids an audit target names. `summarizeInput` (packages/api) starts a target with `id=42`
 * and/or `ids=1,42,7` (the first 20 ids of a bulk call), so only ids at its start count: a name
 * such as `name="id=42"` later in the target does not. PostgreSQL's `audit_task_ids` (migration
 * 20261207110000_audit_append_only) is the same rule in SQL.
 */
export function taskIdsInTarget(target: string | null): number[] {
  const match = target?.match(/^(?:id=([0-9]+)(?: |$))?(?:ids=([0-9,]+))?/);
  if (!match) return [];
  const texts = [...(match[2]?.split(",") ?? []), ...(match[1] ? [match[1]] : [])];
  return texts.filter((t) => /^[0-9]{1,18}$/.test(t)).map(Number);
}

/** The filter as a predicate, for the in-memory audit log and tests (the SQL adapter mirrors it). */
export function matchesAuditFilter(
  entry: {
    actorId: string;
    actor: string;
    procedure: string;
    target: string | null;
    outcome: string;
    at: string;
  },
  filter: AuditFilter,
): boolean {
  const { actor, procedure, target, taskId, outcome, from, to } = filter;
  if (actor && entry.actorId !== actor && !entry.actor.toLowerCase().includes(actor.toLowerCase()))
    return false;
  if (
    procedure &&
    !(procedure.endsWith(".") ? entry.procedure.startsWith(procedure) : entry.procedure === procedure)
  )
    return false;
  if (target && !entry.target?.toLowerCase().includes(target.toLowerCase())) return false;
  if (taskId !== undefined && !taskIdsInTarget(entry.target).includes(taskId)) return false;
  if (outcome && entry.outcome !== outcome) return false;
  if (from && Date.parse(entry.at) < Date.parse(from)) return false;
  if (to && Date.parse(entry.at) > Date.parse(to)) return false;
  return true;
}

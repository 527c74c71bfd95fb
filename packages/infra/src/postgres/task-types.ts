import {
  CONSUMER_LIVENESS_MS,
  type InputIssue,
  TASK_STATUSES,
  type TaskTypeCatalog,
  type TaskTypeInfo,
  type TaskTypeLimits,
  type TaskTypeRegistry,
  type TypeRules,
} from "@tps/core";
import type { PrismaClient } from "@tps/db";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { withDatabase } from "./unavailable";

/**
 * Durations are read from this many most recently finished tasks (all types together): a bounded
 * index walk per call, cheap enough for scrape-time gauges; a type none of them has shows null.
 */
const DURATION_SAMPLE = 5_000;

export interface TaskTypesOptions {
  /** How long the API trusts its copy of the registrations before reading them again (default 5 s). */
  cacheMs?: number;
}

/** The limit columns of task_types as the list reads them. */
interface LimitColumns {
  concurrencyLimit: number | null;
  concurrencyKeyed: boolean;
  rateLimitMax: number | null;
  rateLimitPerMs: number | null;
  rateLimitKeyed: boolean;
}

const limitsOf = (row: LimitColumns): TaskTypeLimits => ({
  concurrency:
    row.concurrencyLimit === null ? null : { limit: row.concurrencyLimit, keyed: row.concurrencyKeyed },
  rate:
    row.rateLimitMax === null || row.rateLimitPerMs === null
      ? null
      : { max: row.rateLimitMax, perMs: row.rateLimitPerMs, keyed: row.rateLimitKeyed },
});

const withoutLimitColumns = <T extends LimitColumns>({
  concurrencyLimit: _c,
  concurrencyKeyed: _ck,
  rateLimitMax: _r,
  rateLimitPerMs: _rp,
  rateLimitKeyed: _rk,
  ...rest
}: T) => rest;

/** One ajv error as a field issue: a JSON pointer into the input and a message. */
function toIssue(error: ErrorObject): InputIssue {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === "required" && params.missingProperty)
    return { path: `${error.instancePath}/${params.missingProperty}`, message: "is required" };
  if (error.keyword === "additionalProperties" && params.additionalProperty)
    return { path: `${error.instancePath}/${params.additionalProperty}`, message: "is not allowed" };
  return { path: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
}

/**
 * The task types workers registered, on PostgreSQL (`task_types`, `consumers.types`). The API's
 * side validates creates with ajv against each type's latest input schema: compiled once per schema
 * text and read again after `cacheMs`, or at once when a create names a type it does not know yet.
 */
export function createTaskTypes(
  db: PrismaClient,
  options: TaskTypesOptions = {},
): TaskTypeCatalog & TaskTypeRegistry {
  const cacheMs = options.cacheMs ?? 5_000;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const compiled = new Map<string, ValidateFunction>();
  let cached: { at: number; rules: Promise<Map<string, TypeRules>> } | null = null;

  const validatorOf = (schemaText: string): ValidateFunction => {
    let validate = compiled.get(schemaText);
    if (!validate) {
      validate = ajv.compile(JSON.parse(schemaText) as object);
      compiled.set(schemaText, validate);
    }
    return validate;
  };

  const load = () =>
    withDatabase(async () => {
      const rows = await db.$queryRaw<{ type: string; schema: string; maxAttempts: number }[]>`
        SELECT type, input_schema::text AS schema, max_attempts AS "maxAttempts" FROM task_types`;
      const rules = new Map<string, TypeRules>();
      for (const row of rows) {
        const validate = validatorOf(row.schema);
        rules.set(row.type, {
          maxAttempts: row.maxAttempts,
          check: (input) => (validate(input) ? null : (validate.errors ?? []).map(toIssue)),
        });
      }
      return rules;
    });

  return {
    rules({ refresh = false } = {}) {
      if (!cached || refresh || Date.now() - cached.at > cacheMs) {
        const rules = load();
        cached = { at: Date.now(), rules };
        rules.catch(() => {
          if (cached?.rules === rules) cached = null;
        });
      }
      return cached.rules;
    },

    list: () =>
      withDatabase(async () => {
        type Row = Omit<TaskTypeInfo, "counts" | "registeredAt" | "limits" | "waiting"> &
          LimitColumns & {
            registeredAt: Date;
            counts: Record<string, number> | null;
            waitingConcurrency: number | null;
            waitingRate: number | null;
          };
        const rows = await db.$queryRaw<Row[]>`
          WITH counts AS (
            SELECT type, jsonb_object_agg(status, n) AS counts
            FROM (SELECT type, status::text AS status, sum(count)::int AS n FROM task_status_counts GROUP BY type, status) s
            GROUP BY type
          ), workers AS (
            SELECT t, count(*)::int AS n FROM consumers, unnest(types) AS t
            WHERE stopped_at IS NULL AND last_seen_at > now() - ${CONSUMER_LIVENESS_MS} * interval '1 millisecond'
            GROUP BY t
          ), recent AS (
            -- The latest finished tasks of every type: a bounded walk of tasks_finished_at_idx,
            -- whatever the table's size.
            SELECT type, status, extract(epoch FROM finished_at - started_at) * 1000 AS ms
            FROM tasks WHERE finished_at IS NOT NULL
            ORDER BY finished_at DESC, id DESC LIMIT ${DURATION_SAMPLE}
          ), durations AS (
            SELECT type, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95
            FROM recent WHERE status = 'COMPLETED' AND ms IS NOT NULL GROUP BY type
          ), waiting AS (
            -- Held back by a limit: the partial index tasks_waiting_idx holds only these.
            SELECT type, count(*) FILTER (WHERE waiting_on = 'concurrency')::int AS c,
                   count(*) FILTER (WHERE waiting_on = 'rate')::int AS r
            FROM tasks WHERE status = 'PENDING' AND waiting_on IS NOT NULL GROUP BY type
          )
          SELECT tt.type, tt.input_schema AS "inputSchema", tt.output_schema AS "outputSchema",
                 tt.max_attempts AS "maxAttempts", tt.timeout_ms AS "timeoutMs",
                 tt.registered_at AS "registeredAt", tt.registered_by AS "registeredBy",
                 COALESCE(w.n, 0) AS "workersOnline", c.counts,
                 d.p50 AS "durationP50Ms", d.p95 AS "durationP95Ms",
                 tt.concurrency_limit AS "concurrencyLimit", tt.concurrency_keyed AS "concurrencyKeyed",
                 tt.rate_limit_max AS "rateLimitMax", tt.rate_limit_per_ms AS "rateLimitPerMs",
                 tt.rate_limit_keyed AS "rateLimitKeyed",
                 wt.c AS "waitingConcurrency", wt.r AS "waitingRate"
          FROM task_types tt
          LEFT JOIN counts c ON c.type = tt.type
          LEFT JOIN workers w ON w.t = tt.type
          LEFT JOIN durations d ON d.type = tt.type
          LEFT JOIN waiting wt ON wt.type = tt.type
          ORDER BY tt.type`;
        return rows.map(({ counts, registeredAt, waitingConcurrency, waitingRate, ...rest }) => ({
          ...withoutLimitColumns(rest),
          limits: limitsOf(rest),
          waiting: { concurrency: waitingConcurrency ?? 0, rate: waitingRate ?? 0 },
          registeredAt: registeredAt.toISOString(),
          counts: Object.fromEntries(
            TASK_STATUSES.map((s) => [s, counts?.[s] ?? 0]),
          ) as TaskTypeInfo["counts"],
        }));
      }),

    register: (worker, registrations) =>
      withDatabase(async () => {
        if (registrations.length === 0) return;
        const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
        await db.$executeRaw`
          INSERT INTO task_types (type, input_schema, output_schema, max_attempts, timeout_ms, registered_by, registered_at,
                                  concurrency_limit, concurrency_keyed, rate_limit_max, rate_limit_per_ms, rate_limit_keyed)
          SELECT t, i::jsonb, o::jsonb, a, ms, ${worker}, now(), cl, COALESCE(ck, false), rm, rp, COALESCE(rk, false)
          FROM unnest(${registrations.map((r) => r.type)}::text[], ${registrations.map((r) => json(r.inputSchema))}::text[],
                      ${registrations.map((r) => json(r.outputSchema))}::text[], ${registrations.map((r) => r.maxAttempts)}::int[],
                      ${registrations.map((r) => r.timeoutMs)}::int[],
                      ${registrations.map((r) => r.limits?.concurrency?.limit ?? null)}::int[],
                      ${registrations.map((r) => r.limits?.concurrency?.keyed ?? null)}::boolean[],
                      ${registrations.map((r) => r.limits?.rate?.max ?? null)}::int[],
                      ${registrations.map((r) => r.limits?.rate?.perMs ?? null)}::int[],
                      ${registrations.map((r) => r.limits?.rate?.keyed ?? null)}::boolean[])
               AS r(t, i, o, a, ms, cl, ck, rm, rp, rk)
          ORDER BY t
          ON CONFLICT (type) DO UPDATE SET input_schema = EXCLUDED.input_schema, output_schema = EXCLUDED.output_schema,
            max_attempts = EXCLUDED.max_attempts, timeout_ms = EXCLUDED.timeout_ms,
            registered_by = EXCLUDED.registered_by, registered_at = EXCLUDED.registered_at,
            concurrency_limit = EXCLUDED.concurrency_limit, concurrency_keyed = EXCLUDED.concurrency_keyed,
            rate_limit_max = EXCLUDED.rate_limit_max, rate_limit_per_ms = EXCLUDED.rate_limit_per_ms,
            rate_limit_keyed = EXCLUDED.rate_limit_keyed`;
      }),
  };
}

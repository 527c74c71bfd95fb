import { z } from "zod";

/** An integer setting within [min, max], `fallback` when unset. */
export const intSetting = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Settings both apps read. Defaults are the local services of a developer machine. */
export const sharedEnv = {
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/tps"),
  RABBITMQ_URL: z.url().default("amqp://guest:guest@127.0.0.1:5672"),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  TASK_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,200}$/, "letters, digits, '_', '.', '-' only")
    .default("task_queue"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** OTLP/HTTP collector (e.g. http://127.0.0.1:4318); unset: no tracing SDK is loaded. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
};

/**
 * Parses `source` with `schema`. On bad input prints one line per problem, naming the variable,
 * and exits: a misconfigured process should not start half-way.
 */
export function parseEnv<T extends z.ZodRawShape>(
  shape: T,
  source: Record<string, string | undefined>,
): z.infer<z.ZodObject<T>> {
  // Empty strings count as unset so `FOO= npm start` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = z.object(shape).safeParse(cleaned);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    console.error(`invalid configuration: ${issue.path.join(".")}: ${issue.message}`);
  }
  process.exit(1);
}

/**
 * Redis keys and channels are namespaced by database and queue, so deployments sharing a Redis (and
 * parallel test runs) never see each other's cancel flags: task ids are only unique per database.
 * The database name, not the whole URL: every app of one deployment must agree on it, whatever
 * host name each uses to reach PostgreSQL.
 */
export const redisPrefix = (queue: string, databaseUrl: string) => {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || "postgres";
  return `tps:${database}:${queue}:`;
};

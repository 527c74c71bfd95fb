import type { Log } from "@tps/core";
import { describeError } from "@tps/infra";
import { services } from "./api-context";

/** One dependency the web cannot serve without, with how long its check may take. */
export interface HealthCheck {
  name: string;
  check: () => Promise<unknown>;
  timeoutMs: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Why a check failed (false counts as down), or null when it passed. */
const failure = ({ check, timeoutMs }: HealthCheck) =>
  withTimeout(check(), timeoutMs).then(
    (ok) => (ok === false ? "not ready" : null),
    (error: unknown) => describeError(error),
  );

/**
 * Public (load balancers, probes and Docker call it without credentials), so the answer is only
 * `{ status: "ok" | "degraded" }`: 200 or 503. Which dependency is down, and why, goes to the log.
 */
export async function checkHealth(checks: HealthCheck[], log: Log): Promise<Response> {
  const failures = await Promise.all(checks.map(failure));
  const down = Object.fromEntries(
    checks.flatMap((c, i) => (failures[i] === null ? [] : [[c.name, failures[i]] as const])),
  );
  const ok = Object.keys(down).length === 0;
  if (!ok) log.warn({ down }, "health: degraded");
  return Response.json(
    { status: ok ? "ok" : "degraded" },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}

/** `/api/health` of the web and the API server: PostgreSQL, RabbitMQ and Redis answer. */
export function healthResponse(): Promise<Response> {
  const { db, publisher, cancelBus, log } = services();
  return checkHealth(
    [
      { name: "postgres", check: () => db.$queryRaw`SELECT 1`, timeoutMs: 3_000 },
      { name: "rabbitmq", check: () => publisher.check(), timeoutMs: 4_000 },
      { name: "redis", check: () => cancelBus.ping(), timeoutMs: 3_000 },
    ],
    log,
  );
}

import type { Log } from "@tps/core";
import { describeError } from "@tps/infra";
import { services } from "./api-context";

/** One dependency, with how long its check may take. */
export interface HealthCheck {
  name: string;
  check: () => Promise<unknown>;
  timeoutMs: number;
  /** The service still does its job without it (degraded, reported): it does not fail readiness. */
  optional?: boolean;
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

const NO_STORE = { "cache-control": "no-store" };

/**
 * Readiness: can this process do its job. Public (load balancers, probes and Docker call it
 * without credentials), so the answer is only `{ status }`: 200 "ok" when every dependency
 * answers, 200 "degraded" when only optional ones are down (the API still takes creates: the
 * reconciler publishes them later, cancels stand in PostgreSQL), 503 "unavailable" when a required
 * one is down. Which dependency is down, and why, goes to the log.
 */
export async function checkHealth(checks: HealthCheck[], log: Log): Promise<Response> {
  const failures = await Promise.all(checks.map(failure));
  const down = Object.fromEntries(
    checks.flatMap((c, i) => (failures[i] === null ? [] : [[c.name, failures[i]] as const])),
  );
  const unavailable = checks.some((c, i) => !c.optional && failures[i] !== null);
  const status = unavailable ? "unavailable" : Object.keys(down).length > 0 ? "degraded" : "ok";
  if (unavailable) log.error({ down }, "health: unavailable");
  else if (status === "degraded") log.warn({ down }, "health: degraded");
  return Response.json({ status }, { status: unavailable ? 503 : 200, headers: NO_STORE });
}

/**
 * `/api/health` of the web and the API server (readiness): PostgreSQL is required; RabbitMQ and
 * Redis are reported but optional, so an outage of either does not take every API pod out of
 * rotation at once (creates are stored and published later; cancels stand in PostgreSQL).
 */
export function healthResponse(): Promise<Response> {
  const { db, publisher, cancelBus, log } = services();
  return checkHealth(
    [
      { name: "postgres", check: () => db.$queryRaw`SELECT 1`, timeoutMs: 3_000 },
      { name: "rabbitmq", check: () => publisher.check(), timeoutMs: 4_000, optional: true },
      { name: "redis", check: () => cancelBus.ping(), timeoutMs: 3_000, optional: true },
    ],
    log,
  );
}

/** `/api/health/live` (liveness): the process answers. No dependency is called, so an outage restarts nothing. */
export function livenessResponse(): Response {
  return Response.json({ status: "ok" }, { headers: NO_STORE });
}

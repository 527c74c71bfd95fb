import { DependencyUnavailableError } from "@tps/core";

/** Errors of the client, the pool or Prisma that say the database could not be reached in time. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "P1001", // can't reach database server
  "P1017", // server closed the connection
  "P2024", // pool timeout
]);

/**
 * SQLSTATEs that describe the server's state, not the statement: the same statement succeeds once
 * it passes (failover, restart, overload, a lost race). Retried with backoff, never taken for a
 * poison message: a read-only failover once dead-lettered every healthy message of a claim batch.
 */
const TRANSIENT_SQLSTATES = new Set([
  "25006", // read_only_sql_transaction: a failover left us on a standby, or the database was set read-only
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "55P03", // lock_not_available (lock_timeout)
  "57014", // query_canceled: statement_timeout (the database is too slow to answer: treat as down)
]);
/** Whole classes: 08 connection exception, 53 insufficient resources (too many connections, out of memory or disk). */
const TRANSIENT_SQLSTATE_CLASSES = ["08", "53"];

const isTransientCode = (code: string) =>
  CONNECTION_CODES.has(code) ||
  TRANSIENT_SQLSTATES.has(code) ||
  (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2)));

/**
 * The errors inside `error`: its cause chain, and the driver error Prisma keeps in
 * `meta.driverAdapterError` (a raw query's P2010 carries the PostgreSQL code only there).
 */
function* errorChain(error: unknown): Generator<unknown> {
  const pending = [error];
  for (let seen = 0; pending.length > 0 && seen < 12; seen++) {
    const e = pending.shift();
    if (!e || typeof e !== "object") continue;
    yield e;
    const { cause, meta } = e as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    pending.push(cause, meta?.driverAdapterError);
  }
}

/**
 * True when `error` (or any error inside it) says the database could not be reached, did not
 * answer in time (query or statement timeout, or no pooled connection free within the pool's
 * wait), or refused for a passing reason of its own (read-only, too many connections, shutting
 * down, a serialization failure or deadlock, a lock timeout): callers back off and retry these,
 * never blame the input. Everything else is deterministic: the same statement fails again.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (const e of errorChain(error)) {
    const { code, kind, message } = e as { code?: unknown; kind?: unknown; message?: unknown };
    if (typeof code === "string" && isTransientCode(code)) return true;
    if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed" || kind === "SocketTimeout")
      return true;
    if (
      typeof message === "string" &&
      /connection (terminated|refused|timeout)|timeout exceeded when trying to connect|Can't reach database|Query read timeout|statement timeout|Server has closed the connection|database system is (shutting down|starting up)/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}

/**
 * Runs a database call; a transient failure becomes a clear "database is unavailable" error
 * (DependencyUnavailableError: callers back off), any other error is passed on as it is.
 */
export async function withDatabase<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isTransientDatabaseError(error)) throw new DependencyUnavailableError("database", error);
    throw error;
  }
}

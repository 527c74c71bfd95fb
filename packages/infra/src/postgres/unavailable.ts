import { DependencyUnavailableError } from "@tps/core";

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "08006", // connection_failure
  "08001", // unable to connect
  "P1001", // can't reach database server
  "P1017", // server closed the connection
  "P2024", // pool timeout
  "57014", // query_canceled: statement_timeout (the database is too slow to answer: treat as down)
]);

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
 * True when `error` (or any error inside it) says the database could not be reached, or did not
 * answer in time (query or statement timeout, or no pooled connection free within the pool's wait):
 * callers retry these, never blame the input.
 */
export function isConnectionError(error: unknown): boolean {
  for (const e of errorChain(error)) {
    const { code, kind, message } = e as { code?: unknown; kind?: unknown; message?: unknown };
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
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

/** Runs a database call; a connection failure becomes a clear "database is unavailable" error. */
export async function withDatabase<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isConnectionError(error)) throw new DependencyUnavailableError("database", error);
    throw error;
  }
}

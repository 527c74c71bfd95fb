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
 * True when `error` (or any error in its cause chain) says the database could not be reached, or
 * did not answer in time (query or statement timeout): callers retry these, never blame the input.
 */
export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, kind, message } = e as { code?: unknown; kind?: unknown; message?: unknown };
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed" || kind === "SocketTimeout")
      return true;
    if (
      typeof message === "string" &&
      /connection (terminated|refused|timeout)|Can't reach database|Query read timeout|statement timeout/i.test(
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

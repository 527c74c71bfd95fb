import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type Prisma, PrismaClient } from "./generated/prisma/client";
import { safeInt8Types } from "./int8";

export type { Task as TaskRow, TaskStatus as TaskStatusEnum } from "./generated/prisma/client";
export { Prisma, PrismaClient } from "./generated/prisma/client";
export { safeNumber } from "./int8";

export interface DbOptions {
  /** Pool size; the consumer needs a few connections, the web a few more under load. */
  maxConnections?: number;
  /** Server side: PostgreSQL cancels a statement running longer than this (default 30 s). */
  statementTimeoutMs?: number;
  /**
   * Client side: a query with no answer within this long fails even when the server (or the
   * network) hangs and cannot cancel anything (default: statement timeout + 5 s).
   */
  queryTimeoutMs?: number;
  /** TCP keepalive on every connection, so a dead peer is noticed (default on, first probe after 10 s). */
  keepAlive?: boolean;
}

/** The node-postgres pool under each client made by createDb (see sqlOf). */
const pools = new WeakMap<PrismaClient, pg.Pool>();

/** A Prisma client on a node-postgres pool (driver adapter; no native engine needed). */
export function createDb(url: string, options: DbOptions = {}): PrismaClient {
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    statement_timeout: statementTimeoutMs,
    query_timeout: options.queryTimeoutMs ?? statementTimeoutMs + 5_000,
    keepAlive: options.keepAlive ?? true,
    keepAliveInitialDelayMillis: 10_000,
    // sqlOf reads int8 (task ids) as numbers, refusing any past 2^53 (Prisma sets its own parsers).
    types: safeInt8Types,
  });
  // A restart, failover or pg_terminate_backend closes idle connections: the pool drops them and
  // reports each as an `error` event, which with no listener is an uncaught exception that ends the
  // process. Prisma's adapter listens only once Prisma itself has connected; sqlOf may come first.
  // The next statement opens a new connection, and a failing one reports its own error.
  pool.on("error", () => {});
  // $disconnect() ends the pool.
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** Runs a `Prisma.sql` statement; the rows as node-postgres parses them. */
export interface Sql {
  query<T>(statement: Prisma.Sql): Promise<T[]>;
}

/**
 * The statements of `db` straight on its node-postgres pool, past Prisma's client: the same
 * connections, timeouts and SQL (`Prisma.sql` fragments), for the few statements that run for
 * every task, where Prisma's query pipeline cost the consumer twice node-postgres's CPU per row.
 * Rows come as node-postgres parses them: int4 as number, timestamptz as Date, and int8 as a number
 * too (see safeInt8Types: task ids are bigint, and an int8 past 2^53 - 1 is an error, not rounded).
 */
export function sqlOf(db: PrismaClient): Sql {
  const pool = pools.get(db);
  if (!pool) throw new Error("sqlOf: not a client made by createDb");
  return {
    query: async <T>(statement: Prisma.Sql) =>
      (await pool.query(statement.text, statement.values)).rows as T[],
  };
}

import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type { Task as TaskRow, TaskStatus as TaskStatusEnum } from "./generated/prisma/client";
export { Prisma, PrismaClient } from "./generated/prisma/client";

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

/** A Prisma client on a node-postgres pool (driver adapter; no native engine needed). */
export function createDb(url: string, options: DbOptions = {}): PrismaClient {
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    statement_timeout: statementTimeoutMs,
    query_timeout: options.queryTimeoutMs ?? statementTimeoutMs + 5_000,
    keepAlive: options.keepAlive ?? true,
    keepAliveInitialDelayMillis: 10_000,
  });
  return new PrismaClient({ adapter });
}

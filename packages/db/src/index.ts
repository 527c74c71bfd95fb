import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export type { Task as TaskRow, TaskStatus as TaskStatusEnum } from "./generated/prisma/client";
export { Prisma, PrismaClient } from "./generated/prisma/client";

export interface DbOptions {
  /** Pool size; the consumer needs a few connections, the web a few more under load. */
  maxConnections?: number;
}

/** A Prisma client on a node-postgres pool (driver adapter; no native engine needed). */
export function createDb(url: string, options: DbOptions = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({ adapter });
}

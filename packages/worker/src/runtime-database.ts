import type { Log, TaskTypeRegistration } from "@tps/core";
import { createDb } from "@tps/db";
import { createTaskTypes } from "@tps/infra";
import type { AnyTaskDefinition } from "./define-task";
import type { WorkerSettings } from "./settings";
import { redact, StartupError, waitFor } from "./wait-for";

/** Refuses what no worker can serve: no definitions, or one type defined twice. */
export function checkDefinitions(definitions: readonly AnyTaskDefinition[]): string[] {
  if (definitions.length === 0) throw new Error("createWorker: give at least one task definition");
  const types = definitions.map((d) => d.type);
  const duplicate = types.find((t, i) => types.indexOf(t) !== i);
  if (duplicate) throw new Error(`createWorker: task type "${duplicate}" is defined twice`);
  return types;
}

/**
 * Opens the worker's database, waits for it through the start-up window (a database without the
 * schema fails at once, naming the fix) and registers the types. The connection is closed again
 * when any of that fails.
 */
export async function openWorkerDatabase(
  settings: WorkerSettings,
  registrations: readonly TaskTypeRegistration[],
  log: Log,
) {
  // A statement may not outlast a third of a lease: leases are renewed every third.
  const db = createDb(settings.DATABASE_URL, {
    maxConnections: settings.DB_POOL_SIZE,
    statementTimeoutMs: Math.max(5_000, Math.floor(settings.LEASE_MS / 3)),
  });
  try {
    await waitFor("postgres", redact(settings.DATABASE_URL), settings.STARTUP_TIMEOUT_MS, log, async () => {
      try {
        await db.$queryRaw`SELECT 1 FROM task_types LIMIT 1`;
      } catch (error) {
        if (/relation "task_types" does not exist/.test(String(error))) {
          throw new StartupError("the database has no task_types table: run `npm run db:deploy` first");
        }
        throw error;
      }
    });
    await createTaskTypes(db).register(settings.CONSUMER_ID, registrations);
  } catch (error) {
    await db.$disconnect().catch(() => {});
    throw error;
  }
  return db;
}

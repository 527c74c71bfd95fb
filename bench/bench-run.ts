import { createCaller, type Principal } from "@tps/api";
import { createApiServices, createLogger } from "@tps/infra";
import pg from "pg";
import { dropRunQueue } from "./scale/processes";

/** This machine's services as the benchmarks reach them (BENCH_POSTGRES_URL, RABBITMQ_URL, REDIS_URL). */
export const benchServer = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432";
export const benchRabbitmqUrl = process.env.RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";
export const benchRedisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** "Authorization: Bearer <TPS_API_KEY>" when that is set, for the benchmarks that call a running web. */
export const apiKeyHeaders = (): Record<string, string> =>
  process.env.TPS_API_KEY ? { authorization: `Bearer ${process.env.TPS_API_KEY}` } : {};

/** A run's own database and queue, named after the benchmark and this process so runs never share. */
export function runNames(name: string) {
  const database = `tps_${name}_${process.pid}`;
  return { database, databaseUrl: `${benchServer}/${database}`, queue: `${name}_queue_${process.pid}` };
}

/** Runs one statement on the server's `postgres` database: creating or dropping a run's database. */
export async function adminSql(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${benchServer}/postgres` });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** The API's services on a run's database and queue, and a tRPC caller acting as `principal`. */
export function benchCaller(
  run: { databaseUrl: string; queue: string },
  principal: Principal,
  logLevel: "silent" | "warn",
) {
  const services = createApiServices({
    databaseUrl: run.databaseUrl,
    rabbitmqUrl: benchRabbitmqUrl,
    redisUrl: benchRedisUrl,
    queue: run.queue,
    poolSize: 5,
    log: createLogger("bench", logLevel),
  });
  return { services, caller: createCaller({ ...services.context, principal }) };
}

/** Ends a run: stops its processes, closes `db`, then drops the run's database and removes its queues. */
export async function endRun(
  run: { database: string; queue: string },
  processes: { stop(): Promise<void> }[],
  db: pg.Client,
): Promise<void> {
  await Promise.all(processes.map((p) => p.stop()));
  await db.end().catch(() => {});
  await adminSql(`DROP DATABASE IF EXISTS "${run.database}" WITH (FORCE)`);
  await dropRunQueue(run.queue);
}

import { createCaller } from "@tps/api";
import { MemoryLog } from "@tps/core/testing";
import { deleteTopology, openMetricsRegistry } from "@tps/infra";
import { createTestApi, TEST_RABBITMQ_URL, TEST_REDIS_URL, uniqueName } from "@tps/infra/testing";
import amqp from "amqplib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { createWorker, type Worker } from "./create-worker";
import { type AnyTaskDefinition, defineTask } from "./define-task";

const TASKS = 30;
/**
 * Longer than the claimer's hold (5 s): a held batch goes back to the queue once and is held again
 * (20 deliveries allowed), while a message taken for poison would be dead-lettered on its return.
 */
const REFUSAL_MS = 8_000;

/**
 * The database refuses for a passing reason of its own (read-only after a failover, too many
 * connections): claims must wait and retry, never take the messages for poison and dead-letter
 * them. Real PostgreSQL, RabbitMQ and Redis; the refusals are real server states.
 */
describe("claims through passing refusals of the database (real services)", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let admin: pg.Client;
  let dbName: string;
  const role = uniqueName("tps_crowded");
  const workers: { worker: Worker; registry: ReturnType<typeof openMetricsRegistry> }[] = [];

  const readOnly = defineTask({
    type: "refusal.readonly",
    input: z.object({ n: z.number() }),
    run: async () => {},
  });
  const crowded = defineTask({
    type: "refusal.crowded",
    input: z.object({ n: z.number() }),
    run: async () => {},
  });
  /** Returns text jsonb refuses (U+0000, which JSON.stringify writes as \u0000), or throws text with one. */
  const unstorable = defineTask({
    type: "refusal.unstorable",
    input: z.object({ mode: z.enum(["output", "error", "fine"]) }),
    retry: { maxAttempts: 1 },
    run: async ({ mode }) => {
      if (mode === "error") throw new Error("bad\u0000byte and a lone \ud800 surrogate");
      return { text: mode === "output" ? "a\u0000b" : "fine" };
    },
  });

  const start = async (task: AnyTaskDefinition, databaseUrl: string) => {
    const registry = openMetricsRegistry();
    const log = new MemoryLog();
    const worker = createWorker({
      tasks: [task],
      id: `refusal-${task.type}`,
      databaseUrl,
      rabbitmqUrl: TEST_RABBITMQ_URL,
      redisUrl: TEST_REDIS_URL,
      queue: api.queue,
      registry,
      logger: log,
      shutdownGraceMs: 500,
      env: { LEASE_MS: "3000", RECONCILE_INTERVAL_MS: "200", PUBLISH_GRACE_MS: "300" },
    });
    workers.push({ worker, registry });
    await worker.start();
    return { registry, log };
  };
  /** Messages dead-lettered, and claims that took a message for poison (requeued it alone, or dead-lettered it). */
  const poisonVerdicts = async ({ registry, log }: Awaited<ReturnType<typeof start>>) => {
    const text = await registry.metrics();
    const dead = [...text.matchAll(/tasks_processed_total\{status="dead_lettered"[^}]*\} (\d+)/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    const suspected = log.entries.filter((e) => /for this message alone/.test(e.message)).length;
    return { dead, suspected };
  };
  const terminate = (where: string) =>
    admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${where} AND pid <> pg_backend_pid()`,
    );

  /**
   * Starts a worker for `task` on `databaseUrl`, inserts TASKS of it (without sending), applies
   * `refuse`, sends their messages, lifts it after REFUSAL_MS; then every task must complete and no
   * message may have been taken for poison. `refusal` names it in the printed summary.
   */
  async function throughRefusal(
    refusal: string,
    { task, databaseUrl }: { task: AnyTaskDefinition; databaseUrl: string },
    refuse: () => Promise<unknown>,
    lift: () => Promise<unknown>,
  ) {
    const { type } = task;
    const worker = await start(task, databaseUrl);
    const started = performance.now();
    const tasks = await api.context.repo.insertMany(
      Array.from({ length: TASKS }, (_, n) => ({ type, payload: JSON.stringify({ n }) })),
    );
    await refuse();
    try {
      await api.publisher.publish(tasks.map((t) => ({ id: t.id, type })));
      await new Promise((r) => setTimeout(r, REFUSAL_MS));
    } finally {
      await lift();
    }
    await expect
      .poll(
        async () =>
          (
            await api.context.repo.list({ filter: { type }, sort: "created", after: null, limit: 100 })
          ).items.filter((t) => t.status === "COMPLETED").length,
        { timeout: 30_000, interval: 200 },
      )
      .toBe(TASKS);
    const { dead, suspected } = await poisonVerdicts(worker);
    console.log(
      `${refusal} for ${REFUSAL_MS} ms: ${TASKS} tasks COMPLETED after ${Math.round(performance.now() - started)} ms; ` +
        `dead-lettered ${dead}, messages taken for poison ${suspected}`,
    );
    expect({ dead, suspected }).toEqual({ dead: 0, suspected: 0 });
  }

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    dbName = new URL(api.databaseUrl).pathname.slice(1);
    const adminUrl = new URL(api.databaseUrl);
    adminUrl.pathname = "/postgres";
    admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`CREATE ROLE "${role}" LOGIN IN ROLE tps_writer`);
  });

  afterAll(async () => {
    await admin.query(`ALTER DATABASE "${dbName}" RESET default_transaction_read_only`).catch(() => {});
    await admin.query(`ALTER ROLE "${role}" CONNECTION LIMIT -1`).catch(() => {});
    try {
      await Promise.all(workers.map(({ worker }) => worker.stop()));
      const connection = await amqp.connect(TEST_RABBITMQ_URL);
      await deleteTopology(await connection.createChannel(), api.queue, [
        readOnly.type,
        crowded.type,
        unstorable.type,
      ]).catch(() => {});
      await connection.close();
      await api?.dispose();
    } finally {
      // Roles belong to the whole cluster: never leave one behind.
      await admin.query(`DROP ROLE IF EXISTS "${role}"`).catch(() => {});
      await admin.end();
    }
  });

  it("holds claims while the database is read-only (25006, as after a failover) and dead-letters nothing", async () => {
    // Only the worker's sessions are cut (its own application_name): the test's pool stays as it is.
    const url = new URL(api.databaseUrl);
    url.searchParams.set("application_name", "refusal-worker");
    await throughRefusal(
      "read-only",
      { task: readOnly, databaseUrl: url.toString() },
      async () => {
        await admin.query(`ALTER DATABASE "${dbName}" SET default_transaction_read_only = on`);
        await terminate(`application_name = 'refusal-worker'`); // its new sessions pick the setting up
      },
      async () => {
        await admin.query(`ALTER DATABASE "${dbName}" RESET default_transaction_read_only`);
        await terminate(`application_name = 'refusal-worker'`);
      },
    );
  });

  it("holds claims while PostgreSQL refuses connections (53300, too many) and dead-letters nothing", async () => {
    const url = new URL(api.databaseUrl);
    url.username = role;
    await throughRefusal(
      "too many connections",
      { task: crowded, databaseUrl: url.toString() },
      async () => {
        await admin.query(`ALTER ROLE "${role}" CONNECTION LIMIT 0`);
        await terminate(`usename = '${role}'`);
      },
      () => admin.query(`ALTER ROLE "${role}" CONNECTION LIMIT -1`),
    );
  });

  it("fails only the task whose settle the database refuses (its output), and settles the rest of the batch", async () => {
    await start(unstorable, api.databaseUrl);
    const caller = createCaller(api.context);
    const modes = ["fine", "output", "fine", "error", "fine"] as const;
    const { items } = await caller.tasks.createMany({
      items: modes.map((mode) => ({ type: unstorable.type, input: { mode } })),
    });
    const finished = async () => {
      const tasks = await Promise.all(items.map((t) => caller.tasks.get({ id: t.id })));
      return tasks.filter((t) => t.status === "COMPLETED" || t.status === "FAILED");
    };
    const started = performance.now();
    await expect
      .poll(async () => (await finished()).length, { timeout: 15_000, interval: 100 })
      .toBe(modes.length);
    const tasks = await finished();
    console.log(
      `a batch of ${modes.length} with 2 unstorable results settled in ${Math.round(performance.now() - started)} ms`,
    );
    expect(tasks.map((t) => t.status)).toEqual(["COMPLETED", "FAILED", "COMPLETED", "FAILED", "COMPLETED"]);
    expect(tasks[1]!.lastError).toMatch(
      /^the complete of this attempt was refused by the database: .*Unicode escape/,
    );
    expect(tasks[3]!.lastError).toBe("bad\ufffdbyte and a lone \ufffd surrogate");
  });
});

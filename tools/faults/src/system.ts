import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTasksClient, type TasksClient } from "@tps/api/client";
import { createTestDatabase, TEST_RABBITMQ_URL, TEST_REDIS_URL, uniqueName } from "@tps/infra/testing";
import { brokerOf } from "./broker";
import { cancelEach } from "./cancel-each";
import { SHORT_CONSUMER_ENV } from "./consumer-env";
import { type AppRole, createAppRole, databaseFaults } from "./db-role";
import { dbStateOf } from "./db-state";
import { type FaultProxy, startFaultProxy, targetOf, viaProxy } from "./fault-proxy";
import { checkHistory, type Figures, type History, PRODUCTION_LEASE_MS } from "./invariants";
import { appendLedger, readLedger } from "./ledger";
import {
  type AppProcess,
  CONSUMER_ARGS,
  CONSUMER_CWD,
  CONSUMER_RUNTIME,
  freePort,
  isPortTaken,
  sleep,
  startNode,
  untilReady,
  WEB_ARGS,
  WEB_CWD,
} from "./processes";

export type Service = "postgres" | "rabbitmq" | "redis";
export type Proxies = Record<Service, FaultProxy>;

export interface FaultSystemOptions {
  /** The migrated template database (test/global-setup.ts) to clone. */
  templateUrl: string;
  consumers?: number;
  /** Consumer settings (TASK_WORK_MS, LEASE_MS, ...) on top of the suite's short defaults. */
  consumerEnv?: Record<string, string>;
  /** Every process connects as a non-superuser role owning the database (for `dbFaults`). */
  appRole?: boolean;
}

interface ConsumerSlot {
  index: number;
  proxies: Proxies;
  generation: number;
  id: string;
  process: AppProcess | null;
  port: number;
}

const POSTGRES_ADMIN = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * One web process and N consumer processes, built outputs, on a fresh database, queue and Redis
 * prefix; every process reaches PostgreSQL, RabbitMQ and Redis through its own fault proxies.
 * Consumers record each work attempt in a ledger; their exits are recorded there too.
 */
export async function startFaultSystem(options: FaultSystemOptions) {
  const database = await createTestDatabase(options.templateUrl);
  const role: AppRole | null = options.appRole
    ? await createAppRole(POSTGRES_ADMIN, database.url).catch(async (error: unknown) => {
        await database.drop().catch(() => {});
        throw error;
      })
    : null;
  const appDatabaseUrl = role?.url ?? database.url;
  const queue = uniqueName("tq_faults");
  const dir = mkdtempSync(join(tmpdir(), "tps-faults-"));
  const ledgerFile = join(dir, "ledger.jsonl");
  const broker = brokerOf(TEST_RABBITMQ_URL, queue);
  const db = dbStateOf(database.url);
  const proxies: FaultProxy[] = [];
  const processes: AppProcess[] = [];

  const proxiesFor = async (): Promise<Proxies> => {
    const [postgres, rabbitmq, redis] = await Promise.all([
      startFaultProxy(targetOf(POSTGRES_ADMIN)),
      startFaultProxy(targetOf(TEST_RABBITMQ_URL)),
      startFaultProxy(targetOf(TEST_REDIS_URL)),
    ]);
    proxies.push(postgres, rabbitmq, redis);
    return { postgres, rabbitmq, redis };
  };
  const serviceEnv = (p: Proxies) => ({
    DATABASE_URL: viaProxy(appDatabaseUrl, p.postgres),
    RABBITMQ_URL: viaProxy(TEST_RABBITMQ_URL, p.rabbitmq),
    REDIS_URL: viaProxy(TEST_REDIS_URL, p.redis),
    TASK_QUEUE: queue,
  });

  const webProxies = await proxiesFor();
  const webPort = await freePort();
  // The suite calls as an admin through an API key registered at web start; its load is the point,
  // so the per-caller rate limit is out of the way.
  const apiKey = `tps_faults_${randomBytes(24).toString("hex")}`;
  const webEnv = {
    ...serviceEnv(webProxies),
    PORT: String(webPort),
    DB_POOL_SIZE: "10",
    LOG_LEVEL: "warn",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ADMIN_API_KEY: apiKey,
    RATE_LIMIT_PER_SECOND: "1000000",
    RATE_LIMIT_BURST: "1000000",
  };
  let web = startNode(WEB_ARGS(webPort), WEB_CWD, webEnv);
  processes.push(web);
  const webUrl = `http://127.0.0.1:${webPort}`;

  const slots: ConsumerSlot[] = [];
  for (let index = 0; index < (options.consumers ?? 3); index++) {
    slots.push({ index, proxies: await proxiesFor(), generation: 0, id: "", process: null, port: 0 });
  }

  /** Starts a consumer in the slot; a port taken between `freePort` and the listen gets a new one. */
  async function startConsumer(slot: ConsumerSlot, attempts = 3): Promise<void> {
    try {
      await startConsumerOnce(slot);
    } catch (error) {
      if (attempts <= 1 || !isPortTaken(slot.process?.output() ?? "")) throw error;
      await startConsumer(slot, attempts - 1);
    }
  }

  async function startConsumerOnce(slot: ConsumerSlot) {
    slot.generation++;
    slot.id = `fault-c${slot.index}-g${slot.generation}`;
    slot.port = await freePort();
    const proc = startNode(CONSUMER_ARGS, CONSUMER_CWD, {
      ...CONSUMER_RUNTIME.env,
      ...SHORT_CONSUMER_ENV,
      ...options.consumerEnv,
      ...serviceEnv(slot.proxies),
      CONSUMER_PORT: String(slot.port),
      CONSUMER_ID: slot.id,
      WORK_LEDGER_FILE: ledgerFile,
    });
    const consumer = slot.id;
    void proc.exited.then(({ signal }) =>
      appendLedger(ledgerFile, { event: "exit", consumer, pid: proc.pid, at: Date.now(), signal }),
    );
    processes.push(proc);
    slot.process = proc;
    await untilReady(proc, `http://127.0.0.1:${slot.port}/health`);
  }

  const slotOf = (i: number) => {
    const slot = slots[i];
    if (!slot) throw new Error(`no consumer ${i}`);
    return slot;
  };

  const consumerSignal = (i: number, sig: "SIGSTOP" | "SIGCONT") => {
    const slot = slotOf(i);
    const proc = slot.process;
    if (!proc) return;
    proc.signal(sig);
    const event = sig === "SIGSTOP" ? "pause" : "resume";
    appendLedger(ledgerFile, { event, consumer: slot.id, pid: proc.pid, at: Date.now() });
  };
  const leaseMs = Number(options.consumerEnv?.LEASE_MS ?? SHORT_CONSUMER_ENV.LEASE_MS ?? PRODUCTION_LEASE_MS);

  const system = {
    queue,
    databaseUrl: database.url,
    leaseMs,
    /** Read-only / connection-limit faults on the system's database (needs `appRole`). */
    dbFaults: role ? databaseFaults(POSTGRES_ADMIN, database.url, role.role) : null,
    ledgerFile,
    webUrl,
    web: {
      get process() {
        return web;
      },
      proxies: webProxies,
    },
    /** kill -9 of the web process (the API), then a new one on the same port; resolves once it answers. */
    async killAndRestartWeb() {
      web.signal("SIGKILL");
      await web.exited;
      const killedAt = Date.now();
      web = startNode(WEB_ARGS(webPort), WEB_CWD, webEnv);
      processes.push(web);
      await untilReady(web, `${webUrl}/api/health`);
      return { killedAt, answeringAt: Date.now() };
    },
    /** SIGSTOP / SIGCONT of one consumer (recorded in the ledger: a frozen process cannot fence itself). */
    pause: (i: number) => consumerSignal(i, "SIGSTOP"),
    resume: (i: number) => consumerSignal(i, "SIGCONT"),
    client: createTasksClient(`${webUrl}/api/trpc`, { apiKey }) as TasksClient,
    /** The admin API key the suite calls with, and the web's environment (for more API processes). */
    apiKey,
    webEnv,
    broker,
    db,
    consumers: slots,
    /** The proxies of one service for every process (web and consumers). */
    proxies: (service: Service) => [webProxies[service], ...slots.map((s) => s.proxies[service])],
    /** kill -9 of one consumer; resolves once it is gone. */
    async kill(i: number) {
      const proc = slotOf(i).process;
      proc?.signal("SIGKILL");
      await proc?.exited;
    },
    /** SIGTERM (graceful shutdown) of one consumer; resolves once it has exited. */
    async terminate(i: number) {
      const proc = slotOf(i).process;
      proc?.signal("SIGTERM");
      return proc?.exited;
    },
    /** Starts consumer `i` again (a new process and id); kills it first if it still runs. */
    async restart(i: number) {
      await system.kill(i);
      await startConsumer(slotOf(i));
    },
    /** Creates typed `test.echo` tasks (the consumer's SDK-defined test type); returns their ids. */
    async createTypedTasks(inputs: readonly { tag: string; fail?: boolean }[]): Promise<number[]> {
      const ids: number[] = [];
      for (let i = 0; i < inputs.length; i += 1_000) {
        const { items } = await system.client.tasks.createMany.mutate({
          items: inputs.slice(i, i + 1_000).map((input) => ({ type: "test.echo", input })),
        });
        ids.push(...items.map((t) => Number(t.id)));
      }
      return ids;
    },
    /** Creates tasks through the tRPC API (createMany, 1,000 a call); returns their ids. */
    async createTasks(payloads: readonly string[]): Promise<number[]> {
      const ids: number[] = [];
      for (let i = 0; i < payloads.length; i += 1_000) {
        const { items } = await system.client.tasks.createMany.mutate({
          payloads: payloads.slice(i, i + 1_000),
        });
        ids.push(...items.map((t) => Number(t.id)));
      }
      return ids;
    },
    /** Cancels each id through `tasks.cancel` (see cancelEach). */
    cancel: (ids: readonly number[], timeoutMs = 10_000) => cancelEach(system.client, ids, timeoutMs),
    ledger: () => readLedger(ledgerFile),
    /** Waits until every task is terminal; returns when the last one finished, or null on timeout. */
    async waitTerminal(timeoutMs: number): Promise<number | null> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const p = await db.progress().catch(() => null);
        if (p && p.open === 0) return p.lastTerminalAt ?? Date.now();
        if (Date.now() > deadline) return null;
        await sleep(250);
      }
    },
    /** The figures of the whole history so far. */
    async check(extra: Omit<History, "tasks" | "ledger" | "deadLetters"> = {}): Promise<Figures> {
      const [tasks, deadLetters, progress] = await Promise.all([
        db.finalTasks(),
        broker.deadLetters().catch(() => ["<dead-letter queue unreadable>"]),
        db.progress(),
      ]);
      return checkHistory({
        tasks,
        ledger: readLedger(ledgerFile),
        deadLetters,
        lastTerminalAt: progress.open === 0 ? (progress.lastTerminalAt ?? undefined) : undefined,
        leaseMs,
        ...extra,
      });
    },
    /** Last output lines of every process (for a failing scenario's message). */
    output: () =>
      [`--- web\n${web.output()}`, ...slots.map((s) => `--- ${s.id}\n${s.process?.output() ?? ""}`)].join(
        "\n",
      ),
    /** Stops every process, closes the proxies, drops the database and the queues. Idempotent. */
    async stop() {
      const steps: (() => Promise<unknown>)[] = [
        () => Promise.all(processes.map((p) => p.stop(5_000))),
        () => Promise.all(proxies.map((p) => p.close())),
        () => db.close(),
        () => broker.deleteAll(),
        () => database.drop(),
        async () => role?.drop(),
        async () => rmSync(dir, { recursive: true, force: true }),
      ];
      for (const step of steps) await step().catch(() => {});
      processes.length = 0;
      proxies.length = 0;
    },
  };

  try {
    await Promise.all([untilReady(web, `${webUrl}/api/health`), ...slots.map((s) => startConsumer(s))]);
  } catch (error) {
    await system.stop();
    throw error;
  }
  return system;
}

export type FaultSystem = Awaited<ReturnType<typeof startFaultSystem>>;

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { deleteTopology } from "@tps/infra";
import { httpOk, sleep, waitUntil } from "@tps/infra/testing";
import amqp from "amqplib";
import pg from "pg";
import { repoPath } from "../repo";

const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const RABBITMQ_URL = process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672";

export { httpOk, sleep, waitUntil };

/** Fails fast when something already listens on `port` (a leftover run would confuse the test). */
export async function assertPortFree(port: number) {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (inUse) throw new Error(`port ${port} is already in use: stop whatever runs there first`);
}

/** Child processes of `pid` (from /proc), so a stuck start script's apps can be stopped too. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {}
  }
  return out;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once("exit", () => resolve()));

/** Stops a process started with `detached: true` (its own group): SIGTERM, then SIGKILL. */
export async function stopProcessGroup(child: ChildProcess, graceMs: number, extraPids: number[] = []) {
  if (child.pid === undefined) return;
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {}
  };
  signal(child.pid, "SIGTERM");
  const done = await Promise.race([exited(child).then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    signal(child.pid, "SIGKILL");
    for (const pid of extraPids) signal(pid, "SIGKILL");
    await exited(child);
  }
}

export interface SystemOptions {
  port: number;
  consumerPort: number;
  env?: Record<string, string>;
}

/**
 * The system as `npm start` runs it (scripts/start.mjs: migrations, web, consumer) with its own
 * fresh database and queue, without rebuilding (START_SKIP_BUILD=1: the test command builds first).
 */
export async function startSystem(options: SystemOptions) {
  const id = randomBytes(4).toString("hex");
  const database = `tps_ops_${id}`;
  const queue = `task_queue_ops_${id}`;
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${database}`;
  await assertPortFree(options.port);
  await assertPortFree(options.consumerPort);

  // The system's first admin API key, registered at web start (ADMIN_API_KEY): tests call with it.
  const apiKey = `tps_ops_${randomBytes(24).toString("hex")}`;
  const output: string[] = [];
  const child = spawn(process.execPath, [repoPath("scripts/start.mjs")], {
    cwd: repoPath(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      START_SKIP_BUILD: "1",
      DATABASE_URL: databaseUrl.toString(),
      RABBITMQ_URL,
      TASK_QUEUE: queue,
      PORT: String(options.port),
      CONSUMER_PORT: String(options.consumerPort),
      LOG_LEVEL: "warn",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ADMIN_API_KEY: apiKey,
      ...options.env,
    },
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      output.push(chunk);
      if (output.length > 400) output.shift();
    });
  }
  let apps: number[] = [];

  const system = {
    database,
    queue,
    webUrl: `http://127.0.0.1:${options.port}`,
    consumerUrl: `http://127.0.0.1:${options.consumerPort}`,
    trpcUrl: `http://127.0.0.1:${options.port}/api/trpc`,
    /** An admin API key for `createTasksClient(trpcUrl, { apiKey })` and CLIs (TPS_API_KEY). */
    apiKey,
    output: () => output.join(""),
    async ready(timeoutMs = 60_000) {
      const failedEarly = exited(child).then(() => {
        throw new Error(`scripts/start.mjs exited early:\n${system.output()}`);
      });
      await Promise.race([
        failedEarly,
        (async () => {
          await waitUntil("web /api/health", timeoutMs, httpOk(`${system.webUrl}/api/health`));
          await waitUntil("consumer /health", timeoutMs, httpOk(`${system.consumerUrl}/health`));
        })(),
      ]);
      apps = child.pid ? childrenOf(child.pid) : [];
    },
    /** Stops web and consumer, drops the database and deletes the queues. Safe to call twice. */
    async stop() {
      const errors: unknown[] = [];
      await stopProcessGroup(child, 30_000, apps).catch((e: unknown) => errors.push(e));
      await dropDatabase(database).catch((e: unknown) => errors.push(e));
      await deleteQueues(queue).catch((e: unknown) => errors.push(e));
      if (errors.length > 0) throw new AggregateError(errors, "cleaning up the started system failed");
    },
  };
  return system;
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** The queues and exchange packages/infra declares for a queue. */
async function deleteQueues(queue: string) {
  const connection = await amqp.connect(RABBITMQ_URL);
  try {
    await deleteTopology(await connection.createChannel(), queue, ["test.echo"]);
  } finally {
    await connection.close();
  }
}

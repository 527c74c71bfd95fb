import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One web or consumer process of the scale benchmark, in its own process group. */
export interface ManagedProcess {
  name: string;
  pid: number;
  healthUrl: string;
  stop(): Promise<void>;
}

export const repoRoot = join(import.meta.dirname, "../..");

export function migrate(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(repoRoot, "packages/db/scripts/deploy.mjs")], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migration failed:\n${result.stdout}\n${result.stderr}`);
}

function start(args: string[], cwd: string, env: Record<string, string>, log: string) {
  const out = openSync(log, "a");
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd,
    detached: true,
    stdio: ["ignore", out, out],
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || !child.pid) return;
      process.kill(-child.pid, "SIGTERM");
      const killer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Where an app process listens, its settings (over the benchmark's environment) and its log file. */
export interface Launch {
  port: number;
  env: Record<string, string>;
  log: string;
}

export function startWeb(index: number, { port, env, log }: Launch): ManagedProcess {
  const next = join(repoRoot, "node_modules/next/dist/bin/next");
  const { pid, stop } = start(
    [next, "start", "--port", String(port)],
    join(repoRoot, "apps/web"),
    { ...env, PORT: String(port) },
    log,
  );
  return { name: `web-${index}`, pid, healthUrl: `http://127.0.0.1:${port}/api/health`, stop };
}

export function startConsumer(id: string, { port, env, log }: Launch): ManagedProcess {
  const main = join(repoRoot, "apps/consumer/dist/main.js");
  const runtime = JSON.parse(readFileSync(join(repoRoot, "apps/consumer/node-runtime.json"), "utf8"));
  const { pid, stop } = start(
    [...runtime.nodeFlags, main],
    join(repoRoot, "apps/consumer"),
    { ...runtime.env, ...env, CONSUMER_PORT: String(port), CONSUMER_ID: id },
    log,
  );
  return { name: id, pid, healthUrl: `http://127.0.0.1:${port}/health`, stop };
}

/** Resolves when every process answers its health URL with 2xx. */
export async function waitHealthy(processes: ManagedProcess[], timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (const p of processes) {
    for (;;) {
      const ok = await fetch(p.healthUrl, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`${p.name} not healthy at ${p.healthUrl}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** Deletes the run's task queue, its priority lane, dead-letter queue and exchange (the bench's own names). */
export async function dropRunQueue(queue: string): Promise<void> {
  const { default: amqp } = await import("amqplib");
  const connection = await amqp.connect(process.env.RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672");
  const channel = await connection.createChannel();
  for (const q of [queue, `${queue}.priority`, `${queue}.dead`]) await channel.deleteQueue(q).catch(() => {});
  await channel.deleteExchange(`${queue}.dlx`).catch(() => {});
  await connection.close();
}

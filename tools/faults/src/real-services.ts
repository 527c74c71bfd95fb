import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { waitUntil } from "./processes";

/**
 * Stops and starts the machine's real services (CI only: other work on the machine uses them).
 * Each `up` is safe to call when the service already runs, and waits until it answers.
 */
export type RealService = "rabbitmq" | "redis" | "postgres";

/** Runs a command without blocking the event loop (the fault proxies live in this process). */
const run = (command: string, args: string[]) =>
  new Promise<{ ok: boolean; output: string }>((resolve) => {
    execFile(command, args, { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ ok: !error, output: `${stdout ?? ""}${stderr ?? ""}`.trim() }),
    );
  });
const pgCluster = (action: "stop" | "start") => {
  const version = readdirSync("/etc/postgresql").sort()[0]!;
  return run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", action]);
};

const answers: Record<RealService, () => Promise<boolean>> = {
  rabbitmq: async () => (await run("rabbitmq-diagnostics", ["-q", "check_running"])).ok,
  redis: async () => (await run("redis-cli", ["-h", "127.0.0.1", "ping"])).output === "PONG",
  postgres: async () => (await run("pg_isready", ["-h", "127.0.0.1", "-q"])).ok,
};

const commands: Record<RealService, { down(): Promise<unknown>; up(): Promise<unknown> }> = {
  rabbitmq: {
    down: () => run("rabbitmqctl", ["stop_app"]),
    up: () => run("rabbitmqctl", ["start_app"]),
  },
  redis: {
    down: () => run("redis-cli", ["-h", "127.0.0.1", "shutdown", "nosave"]),
    up: () =>
      run("redis-server", [
        "--daemonize",
        "yes",
        "--bind",
        "127.0.0.1",
        "--port",
        "6379",
        "--save",
        "",
        "--appendonly",
        "no",
      ]),
  },
  postgres: { down: () => pgCluster("stop"), up: () => pgCluster("start") },
};

export async function serviceDown(service: RealService) {
  await commands[service].down();
  await waitUntil(`${service} to stop`, 60_000, async () => !(await answers[service]()));
}

/** Starts `service` unless it answers, and again every 10 s until it does (a start can fail). */
export async function serviceUp(service: RealService) {
  let lastStart = 0;
  await waitUntil(
    `${service} to answer again`,
    120_000,
    async () => {
      if (await answers[service]()) return true;
      if (Date.now() - lastStart > 10_000) {
        lastStart = Date.now();
        await commands[service].up();
      }
      return false;
    },
    500,
  );
}

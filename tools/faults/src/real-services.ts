import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { waitUntil } from "./processes";

/**
 * Stops and starts the machine's real services (CI only: other work on the machine uses them).
 * Each `up` is safe to call when the service already runs, and waits until it answers.
 */
export type RealService = "rabbitmq" | "redis" | "postgres";

const run = (command: string, args: string[]) => {
  const r = spawnSync(command, args, { encoding: "utf8", timeout: 60_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
};
const pgCluster = (action: "stop" | "start") => {
  const version = readdirSync("/etc/postgresql").sort()[0]!;
  return run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", action]);
};

const answers: Record<RealService, () => boolean> = {
  rabbitmq: () => run("rabbitmq-diagnostics", ["-q", "check_running"]).ok,
  redis: () => run("redis-cli", ["-h", "127.0.0.1", "ping"]).output === "PONG",
  postgres: () => run("pg_isready", ["-h", "127.0.0.1", "-q"]).ok,
};

const commands: Record<RealService, { down(): unknown; up(): unknown }> = {
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
  commands[service].down();
  await waitUntil(`${service} to stop`, 60_000, async () => !answers[service]());
}

export async function serviceUp(service: RealService) {
  if (!answers[service]()) commands[service].up();
  await waitUntil(`${service} to answer again`, 120_000, async () => answers[service](), 500);
}

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dropRunState } from "./drop-run-state";
import type { BenchOptions } from "./options";
import { uniqueName } from "./peer-run";
import { waitUntil } from "./wait-until";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Where the benchmark reaches this project: the tRPC API and consumer metrics. */
export interface TpsEndpoints {
  /** The API as services call it: the dedicated API server's, when one runs. */
  trpcUrl: string;
  consumerMetricsUrl: string;
}

export interface TpsSystem extends TpsEndpoints {
  /** The headers that sign calls in: an isolated copy's own admin API key. */
  authorization?: Record<string, string>;
  /** An isolated copy's own database and base queue (to start more consumers on them). */
  databaseUrl?: string;
  queue?: string;
  stop(): Promise<void>;
}

const reachable = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );

/**
 * Starts web + API server + consumer with `npm start` (scripts/start.mjs) on their own database,
 * queue, Redis prefix and ports, so the benchmark never touches anyone's data. Services call the
 * API server (API_PORT = port + 1), so the benchmark does too. Logs go to a file in the tmp dir.
 */
export async function startIsolatedSystem(
  options: BenchOptions,
  env: Record<string, string>,
  { skipBuild = false, port = 3300, consumerPort = 9700 } = {},
): Promise<TpsSystem> {
  const database = uniqueName("tps_peers");
  const queue = uniqueName("peers_queue");
  const databaseUrl = `${options.databaseServer}/${database}`;
  const log = join(tmpdir(), `${database}.log`);
  // The copy's first admin key (registered at web start), so the benchmark can sign its calls in.
  const apiKey = `tps_bench_${randomBytes(24).toString("hex")}`;
  const out = openSync(log, "a");
  const child: ChildProcess = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
    cwd: root,
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      CONSUMER_PORT: String(consumerPort),
      API_PORT: String(port + 1),
      ADMIN_API_KEY: apiKey,
      RATE_LIMIT_PER_SECOND: "0",
      TASK_QUEUE: queue,
      LOG_LEVEL: "warn",
      START_SKIP_BUILD: skipBuild ? "1" : "0",
      ...env,
    },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const system: TpsSystem = {
    trpcUrl: `http://127.0.0.1:${port + 1}/api/trpc`,
    authorization: { authorization: `Bearer ${apiKey}` },
    databaseUrl,
    queue,
    consumerMetricsUrl: `http://127.0.0.1:${consumerPort}/metrics`,
    stop: async () => {
      if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGTERM");
      const killer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 30_000);
      await exited;
      clearTimeout(killer);
      await dropRunState(options, database, queue);
    },
  };
  try {
    await waitUntil(
      `the system to start (log: ${log})`,
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}); see ${log}`);
        return (
          (await reachable(`http://127.0.0.1:${port}/api/health`)) &&
          (await reachable(`http://127.0.0.1:${port + 1}/api/health`)) &&
          (await reachable(`http://127.0.0.1:${consumerPort}/health`))
        );
      },
      300_000,
      500,
    );
  } catch (error) {
    await system.stop();
    throw error;
  }
  return system;
}

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { httpOk, stopProcessGroup, waitUntil } from "./system";

export interface QueryResult {
  status: "success" | "error";
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** Runs `promtool` with the given arguments; returns its exit code and output. */
export function promtool(...args: string[]) {
  const result = spawnSync("promtool", args, { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error?.message ?? ""}` };
}

/**
 * A real Prometheus (the Debian package's binary) with the given config, its own temporary
 * storage, listening on 127.0.0.1:`port`.
 */
export async function startPrometheus(config: string, port: number) {
  const dir = mkdtempSync(join(tmpdir(), "tps-prometheus-"));
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(configFile, config);
  const output: string[] = [];
  const child = spawn(
    "prometheus",
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => output.push(chunk));
  }
  // Not installed (ENOENT) and the like: say so instead of crashing the test run.
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once("error", (error) =>
      reject(new Error(`cannot run prometheus (apt-get install prometheus): ${error.message}`)),
    ),
  );
  spawnFailed.catch(() => {});
  const base = `http://127.0.0.1:${port}`;
  const server = {
    base,
    output: () => output.join(""),
    async ready(timeoutMs = 20_000) {
      const failedEarly = new Promise<never>((_, reject) =>
        child.once("exit", (code) => reject(new Error(`prometheus exited (${code}):\n${server.output()}`))),
      );
      await Promise.race([
        failedEarly,
        waitUntil("prometheus /-/ready", timeoutMs, httpOk(`${base}/-/ready`)),
      ]);
    },
    /** An instant query through the HTTP API (what Grafana does for each panel). */
    async query(expr: string): Promise<QueryResult> {
      const response = await fetch(`${base}/api/v1/query`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ query: expr }),
      });
      return (await response.json()) as QueryResult;
    },
    async stop() {
      await stopProcessGroup(child, 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { httpOk, sleep, waitUntil } from "@tps/infra/testing";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export { httpOk, sleep, waitUntil };

/** Ports handed to child processes come from here, below Linux's ephemeral range (32768–60999). */
export const FREE_PORT_RANGE = { from: 15_000, to: 32_000 } as const;

/**
 * A port that is free now, for a child process to listen on. Not one the kernel picks for `listen(0)`:
 * those come from the ephemeral range, where any outgoing connection (the proxies make many) can
 * take it before the child binds it (a consumer once failed with EADDRINUSE that way). Random within
 * FREE_PORT_RANGE, tried until one binds on every address, as the apps bind (a probe on 127.0.0.1
 * alone misses a listener on ::1). Another process may still take it before the child listens:
 * callers that start a child retry with a new port on EADDRINUSE (`isPortTaken`).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port =
      FREE_PORT_RANGE.from + Math.floor(Math.random() * (FREE_PORT_RANGE.to - FREE_PORT_RANGE.from));
    if (await canListen(port)) return port;
  }
}

/** Whether a server could listen on `port` on every address (IPv4 and IPv6) right now. */
export async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, () => resolve(true));
  });
  if (bound) await new Promise((r) => server.close(r));
  return bound;
}

/** Resolves once `url` answers 2xx; rejects with the process's output if it exits first. */
export async function untilReady(proc: AppProcess, url: string, timeoutMs = 60_000) {
  const early = proc.exited.then((e) => {
    throw new Error(`process exited early (${e.signal ?? e.code}):\n${proc.output()}`);
  });
  await Promise.race([early, waitUntil(url, timeoutMs, httpOk(url))]);
  early.catch(() => {});
}

/** Whether a child's output says its port was taken before it could listen. */
export const isPortTaken = (output: string) => output.includes("EADDRINUSE");

export interface AppProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the signal (or null) when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  output(): string;
  signal(sig: NodeJS.Signals): void;
  /** SIGTERM to its process group, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Process groups still running: killed if this process exits without stopping them (a crash). */
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {}
  }
});

/** Starts `node <args>` in its own process group, so stopping it stops anything it started. */
export function startNode(args: string[], cwd: string, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      lines.push(chunk);
      if (lines.length > 200) lines.shift();
    });
  }
  if (child.pid !== undefined) liveGroups.add(child.pid);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      // Forget the group once its leader is gone: its id may be reused by someone else later.
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      resolve({ code, signal });
    }),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const signal = (sig: NodeJS.Signals) => {
    if (!running() || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {}
  };
  return {
    child,
    pid: child.pid ?? -1,
    exited,
    output: () => lines.join(""),
    signal,
    async stop(graceMs = 15_000) {
      signal("SIGTERM");
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        signal("SIGKILL");
        await exited;
      }
    },
  };
}

export const WEB_ARGS = (port: number) => [
  join(REPO_ROOT, "node_modules/next/dist/bin/next"),
  "start",
  "--port",
  String(port),
];
export const WEB_CWD = join(REPO_ROOT, "apps/web");
/** The consumer's V8 flags and environment, as every launcher runs it (apps/consumer/node-runtime.json). */
export const CONSUMER_RUNTIME: { nodeFlags: string[]; env: Record<string, string> } = JSON.parse(
  readFileSync(join(REPO_ROOT, "apps/consumer/node-runtime.json"), "utf8"),
);
export const CONSUMER_ARGS = [...CONSUMER_RUNTIME.nodeFlags, join(REPO_ROOT, "apps/consumer/dist/main.js")];
export const CONSUMER_CWD = join(REPO_ROOT, "apps/consumer");

/** The dedicated API server (tRPC and REST without Next.js) on a free port, once it answers its health check. */
export async function startApiServer(env: Record<string, string>) {
  const port = await freePort();
  const proc = startNode([join(REPO_ROOT, "apps/web/dist/api-server.js")], WEB_CWD, {
    ...env,
    API_PORT: String(port),
    API_HOST: "127.0.0.1",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(`${url}/api/health`, 60_000, httpOk(`${url}/api/health`));
  return { proc, url };
}

import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** How a peer's worker is configured; passed to the child process as JSON. */
export interface WorkerSpec {
  peer: "bullmq" | "pg-boss";
  queue: string;
  connection: string;
  concurrency: number;
  batchSize: number;
  workMs: number;
}

export type WorkerMessage = { type: "ready" } | { type: "stopped"; peakRssBytes: number };

/**
 * Runs a peer's worker in its own process, like a real deployment, so its memory is measured on its
 * own and it competes for the CPU the way this project's consumer does.
 */
export async function startWorkerProcess(spec: WorkerSpec) {
  const child = fork(fileURLToPath(new URL("./worker-main.ts", import.meta.url)), [JSON.stringify(spec)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await nextMessage(child, "ready");
  return {
    /** Closes the worker gracefully and returns its peak resident memory. */
    stop: async (): Promise<number> => {
      const stopped = nextMessage(child, "stopped");
      child.send({ type: "stop" });
      const message = await stopped;
      await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
      return message.type === "stopped" ? message.peakRssBytes : 0;
    },
  };
}

function nextMessage(child: ChildProcess, type: WorkerMessage["type"]): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.type !== type) return;
      child.off("exit", onExit);
      child.off("message", onMessage);
      resolve(message);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`worker process exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

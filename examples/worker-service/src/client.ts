import { fileURLToPath } from "node:url";
import {
  createTasksClient,
  outputOf,
  TaskCanceledError,
  TaskFailedError,
  TasksApiError,
  ValidationError,
} from "@tps/client";
// Type-only: the definitions' types check names and inputs; nothing of the worker (or zod) loads here.
import type { fileHash, httpCheck } from "./tasks.js";

const url = process.env.TPS_URL || "http://127.0.0.1:3000/api/trpc";
const apiKey = process.env.TPS_API_KEY || undefined;
const checkUrl = process.argv[2] ?? new URL("/api/health", url).toString();
const file = process.argv[3] ?? fileURLToPath(import.meta.url);
const wait = { timeoutMs: Number(process.env.TPS_WAIT_MS || 60_000) };

const tps = createTasksClient(url, { apiKey, timeoutMs: 10_000 });

try {
  console.log(`tasks API at ${url}${apiKey ? " (with API key)" : ""}`);
  const [check, hash] = await Promise.all([
    tps.triggerAndWait<typeof httpCheck>("http.check", { url: checkUrl }, wait),
    tps.triggerAndWait<typeof fileHash>("file.hash", { path: file, algorithm: "sha256" }, wait),
  ]);

  // outputOf: the typed output of a COMPLETED task, or TaskFailedError / TaskCanceledError.
  const { status, ms } = outputOf(check);
  console.log(`http.check #${check.id} ${check.input.url}: status ${status} in ${ms} ms`);
  const { digest, bytes } = outputOf(hash);
  console.log(`file.hash #${hash.id} ${hash.input.path}: sha256 ${digest} (${bytes} bytes)`);
  if (hash.progress)
    console.log(`file.hash #${hash.id} progress: ${hash.progress.percent}% ${hash.progress.message ?? ""}`);

  // The same, narrowing by status instead of throwing.
  if (check.status === "COMPLETED" && check.output.status >= 400) process.exitCode = 2;
} catch (error) {
  if (error instanceof TaskFailedError) console.error(`✗ task ${error.taskId} failed: ${error.lastError}`);
  else if (error instanceof TaskCanceledError) console.error(`✗ task ${error.taskId} was canceled`);
  else if (error instanceof ValidationError)
    console.error(`✗ refused: ${error.message} (is the worker running?)`);
  else if (error instanceof TasksApiError) console.error(`✗ ${error.code}: ${error.message}`);
  else throw error;
  process.exitCode = 1;
}

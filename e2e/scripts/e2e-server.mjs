#!/usr/bin/env node
// The e2e web server: runs the root start script (migrations, web, consumer) with the run's settings,
// and a demo worker for typed tasks (scripts/demo-worker.ts) once the database is migrated; once both
// have stopped, drops the run's database and removes its queues and Redis keys.
//
// Why not a Playwright globalTeardown: Playwright runs globalTeardown *before* it stops the web
// server, so the database would be dropped under running apps (and the consumer could redeclare its
// queue). Here cleanup starts only after both apps have exited.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startDemoWorker } from "./demo-worker-process.mjs";
import { dropRunResources } from "./drop-run-resources.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], { cwd: root, stdio: "inherit" });
const childExited = () => child.exitCode !== null || child.signalCode !== null;
// In this process group too, so Playwright's SIGTERM reaches it directly (like start.mjs); stop()
// signals it only when the start script ended on its own.
const demoWorker = startDemoWorker({ root, databaseUrl: process.env.DATABASE_URL, exited: childExited });

// Playwright (and a terminal's Ctrl-C) signal the whole process group, so start.mjs receives the
// signal itself and stops web and consumer; forwarding it would count as a second signal (force-kill).
let signalled = false;
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => (signalled = true));

const exitCode = await new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
await demoWorker.stop({ signalled });
await dropRunResources({
  databaseUrl: process.env.DATABASE_URL,
  queue: process.env.TASK_QUEUE,
  rabbitmqUrl: process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672",
  redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379",
});
process.exit(exitCode);

#!/usr/bin/env node
// The e2e web server: runs the root start script (migrations, web, consumer) with the run's settings
// and, once it has stopped, drops the run's database and removes its queues and Redis keys.
//
// Why not a Playwright globalTeardown: Playwright runs globalTeardown *before* it stops the web
// server, so the database would be dropped under running apps (and the consumer could redeclare its
// queue). Here cleanup starts only after both apps have exited.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dropRunResources } from "./drop-run-resources.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const child = spawn(process.execPath, [join(root, "scripts/start.mjs")], { cwd: root, stdio: "inherit" });

// Playwright (and a terminal's Ctrl-C) signal the whole process group, so start.mjs receives the
// signal itself and stops web and consumer; forwarding it would count as a second signal (force-kill).
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => {});

const exitCode = await new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
await dropRunResources({
  databaseUrl: process.env.DATABASE_URL,
  queue: process.env.TASK_QUEUE,
  rabbitmqUrl: process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672",
  redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379",
});
process.exit(exitCode);

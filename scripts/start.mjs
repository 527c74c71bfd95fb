#!/usr/bin/env node
// `npm start`: applies migrations (creating the database if needed), builds what is not built
// (turbo's cache makes this quick when nothing changed), then runs the web console and the consumer
// in the foreground. Ctrl-C (or SIGTERM) stops both gracefully; if either exits, the other is stopped.
//
// Environment: everything the apps read (DATABASE_URL, RABBITMQ_URL, REDIS_URL, PORT, CONSUMER_PORT, API_PORT
// (the dedicated API server's port, 3001 unless set; `off` runs without it),
// TASK_QUEUE, TASK_WORK_MS, ...), plus START_SKIP_BUILD=1 to skip the build step.
//
// PostgreSQL, RabbitMQ and Redis: the URLs in the environment, else the ones `.env` holds (written by
// `npm run compose:secrets` for `docker compose --profile deps up -d`), else the apps' defaults
// (the services on this machine's default ports).
//
// Sessions are signed with AUTH_SECRET. `next start` runs in production mode and refuses to start
// without one, so when it is unset this script generates one once and keeps it in `.auth-secret`
// (gitignored, mode 600) at the repository root.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { urlsForStart } from "./compose-secrets.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (msg) => console.log(`[start] ${msg}`);

function run(label, command, args, options = {}) {
  log(label);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0) {
    console.error(`[start] ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function localAuthSecret() {
  const file = join(root, ".auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    log(`AUTH_SECRET is not set: generated one for this machine in ${file}`);
    return secret;
  }
}
if (!process.env.AUTH_SECRET) process.env.AUTH_SECRET = localAuthSecret();

const composeEnvFile = join(root, ".env");
if (existsSync(composeEnvFile)) {
  const taken = urlsForStart(readFileSync(composeEnvFile, "utf8"), process.env);
  Object.assign(process.env, taken);
  const names = Object.keys(taken);
  if (names.length) log(`${names.join(", ")} from ${composeEnvFile} (the compose deps profile)`);
}

run("applying database migrations", process.execPath, [join(root, "packages/db/scripts/deploy.mjs")]);
if (process.env.START_SKIP_BUILD !== "1") {
  run("building (cached when unchanged)", "npx", ["turbo", "run", "build", "--output-logs=errors-only"]);
}

// The consumer's memory settings (V8 flags, malloc arenas), shared with every other launcher.
const consumerRuntime = JSON.parse(readFileSync(join(root, "apps/consumer/node-runtime.json"), "utf8"));
const CONSUMER_NODE_FLAGS = consumerRuntime.nodeFlags;
const CONSUMER_ENV = {
  ...consumerRuntime.env,
  ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
};

// The API server's V8 flags, shared the same way.
const API_NODE_FLAGS = JSON.parse(readFileSync(join(root, "apps/web/api-runtime.json"), "utf8")).nodeFlags;

const port = process.env.PORT || "3000";
// Services get the fast path out of the box: the API server on API_PORT (3001 unless set);
// API_PORT=off runs without it.
if (process.env.API_PORT === "off") delete process.env.API_PORT;
else process.env.API_PORT ||= "3001";
const children = [
  {
    name: "web",
    args: [join(root, "node_modules/next/dist/bin/next"), "start", "--port", port],
    cwd: join(root, "apps/web"),
  },
  {
    name: "consumer",
    args: [...CONSUMER_NODE_FLAGS, join(root, "apps/consumer/dist/main.js")],
    cwd: join(root, "apps/consumer"),
    env: CONSUMER_ENV,
  },
  // The dedicated API server (tRPC and REST without Next.js): the fast path for services.
  ...(process.env.API_PORT
    ? [
        {
          name: "api",
          args: [...API_NODE_FLAGS, join(root, "apps/web/dist/api-server.js")],
          cwd: join(root, "apps/web"),
        },
      ]
    : []),
].map(({ name, args, cwd, env }) => {
  // Own process group: the terminal's Ctrl-C reaches us once, and we forward exactly one SIGTERM.
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: "inherit",
    detached: true,
  });
  return {
    name,
    child,
    exited: new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal }))),
  };
});
log(
  `web on http://localhost:${port}, consumer metrics on :${process.env.CONSUMER_PORT || "9464"}` +
    (process.env.API_PORT ? `, API server on http://localhost:${process.env.API_PORT}` : "") +
    " (Ctrl-C stops them all)",
);

let stopping = false;
function stopAll(reason) {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping ${children.map((c) => c.name).join(", ")}`);
  for (const { child } of children) {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
    }
  }
  // A second Ctrl-C, or a stuck child, ends everything.
  setTimeout(() => killAll(), 30_000).unref();
}
function killAll() {
  for (const { child } of children) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  }
  process.exit(1);
}
process.on("SIGINT", () => (stopping ? killAll() : stopAll("SIGINT")));
process.on("SIGTERM", () => (stopping ? killAll() : stopAll("SIGTERM")));

for (const { name, exited } of children) {
  void exited.then(({ code, signal }) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping the rest`);
      process.exitCode = code || 1;
      stopAll(`${name} exited`);
    }
  });
}
const results = await Promise.all(children.map((c) => c.exited));
process.exit(process.exitCode ?? (results.every((r) => r.code === 0 || r.signal === "SIGTERM") ? 0 : 1));

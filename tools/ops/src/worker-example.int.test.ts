import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { laneOf, queueForType } from "@tps/infra";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoPath } from "./repo";
import { startSystem, stopProcessGroup, waitUntil } from "./testing/system";

const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const RABBITMQ_URL = process.env.RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672";
/** The types examples/worker-service defines: each gets its own queue, which the system's cleanup does not know. */
const TYPES = ["http.check", "file.hash"];

/** Runs a command to its end without blocking the event loop (the system's start is awaited meanwhile). */
function runAsync(command: string, args: string[], cwd: string) {
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk;
    });
    child.once("close", (status) => resolve({ status, output }));
  });
}

/**
 * examples/worker-service as a team outside the monorepo runs it: `scripts/run-worker-example.mjs
 * --setup-only` packs @tps/client and @tps/worker, copies the example into a temporary folder and
 * installs it from the two tarballs (npm registry for the rest) and builds it. Then tsc checks it
 * (and the example's @ts-expect-error lines really are errors), its worker runs against the started
 * system's PostgreSQL, RabbitMQ and Redis, and its client triggers `http.check` (the system's own
 * /api/health) and `file.hash` (a file written here) and prints the typed outputs.
 */
describe("the worker example, with both packed packages, against the running system", () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  let dir: string;
  let worker: ChildProcess | undefined;
  let workerOutput = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tps-worker-example-"));
    system = await startSystem({ port: 3275, consumerPort: 9598 });
    const [setup] = await Promise.all([
      runAsync(
        process.execPath,
        [repoPath("scripts/run-worker-example.mjs"), "--setup-only", "--dir", dir],
        dir,
      ),
      system.ready(),
    ]);
    expect(setup.status, setup.output).toBe(0);
  }, 240_000);

  afterAll(async () => {
    const errors: unknown[] = [];
    if (worker) await stopProcessGroup(worker, 15_000).catch((e: unknown) => errors.push(e));
    if (system) {
      await deleteTypeQueues(system.queue).catch((e: unknown) => errors.push(e));
      await system.stop().catch((e: unknown) => errors.push(e));
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (errors.length > 0) throw new AggregateError(errors, "cleaning up the worker example failed");
  }, 60_000);

  it("type-checks outside the repository, and a wrong input does not compile", () => {
    const tsc = spawnSync("npx", ["tsc", "--noEmit"], { cwd: dir, encoding: "utf8" });
    expect(tsc.status, `${tsc.stdout}\n${tsc.stderr}`).toBe(0);

    // Without its @ts-expect-error directives, compile-checks.ts fails on exactly the lines below them.
    const file = join(dir, "src/compile-checks.ts");
    const original = readFileSync(file, "utf8");
    const lines = original.split("\n");
    const expected = lines.flatMap((line, i) => (/^\s*\/\/ @ts-expect-error/.test(line) ? [i + 2] : []));
    expect(expected.length).toBeGreaterThanOrEqual(1);
    writeFileSync(file, lines.map((l) => l.replace(/\/\/ @ts-expect-error.*/, "//")).join("\n"));
    try {
      const bare = spawnSync("npx", ["tsc", "--noEmit"], { cwd: dir, encoding: "utf8" });
      const failed = [...bare.stdout.matchAll(/^src\/compile-checks\.ts\((\d+),\d+\): error TS\d+/gm)];
      expect(bare.status).not.toBe(0);
      expect(
        failed.map((m) => Number(m[1])),
        bare.stdout,
      ).toEqual(expected);
      expect(bare.stdout).toContain("Type 'number' is not assignable to type 'string'"); // http.check's url: 42
    } finally {
      writeFileSync(file, original);
    }

    // The client imports the definitions' types only: its build loads neither them nor the worker SDK.
    const client = readFileSync(join(dir, "dist/client.js"), "utf8");
    expect(client).not.toMatch(/tasks\.js|@tps\/worker|zod/);
    expect(existsSync(join(dir, "node_modules/@tps/worker/dist/index.js"))).toBe(true);
  });

  it("runs http.check and file.hash in its worker; the client prints their typed outputs", async () => {
    const databaseUrl = new URL(ADMIN_URL);
    databaseUrl.pathname = `/${system.database}`;
    worker = spawn(process.execPath, ["dist/worker.js"], {
      cwd: dir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl.toString(),
        RABBITMQ_URL,
        TASK_QUEUE: system.queue,
        LOG_LEVEL: "warn",
        PROGRESS_INTERVAL_MS: "100",
      },
    });
    for (const stream of [worker.stdout!, worker.stderr!])
      stream.on("data", (chunk: Buffer) => {
        workerOutput += chunk;
      });
    const exited = new Promise<never>((_, reject) =>
      worker!.once("exit", (code) => reject(new Error(`the worker exited (${code}):\n${workerOutput}`))),
    );
    exited.catch(() => {}); // it exits when afterAll stops it
    await Promise.race([
      waitUntil("the example's worker is ready", 60_000, async () => workerOutput.includes("worker ready")),
      exited,
    ]);

    const data = randomBytes(8 * 1024 * 1024);
    const file = join(dir, "sample.bin");
    writeFileSync(file, data);
    const sha256 = createHash("sha256").update(data).digest("hex");
    const health = `${system.webUrl}/api/health`;

    const started = Date.now();
    const client = spawnSync(process.execPath, ["dist/client.js", health, file], {
      cwd: dir,
      env: { ...process.env, TPS_URL: system.trpcUrl, TPS_API_KEY: system.apiKey, TPS_WAIT_MS: "60000" },
      encoding: "utf8",
      timeout: 90_000,
    });
    console.log(`example client (${Date.now() - started} ms):\n${client.stdout}${client.stderr}`);
    expect(client.status, `${client.stdout}\n${client.stderr}\nworker:\n${workerOutput}`).toBe(0);
    expect(client.stdout).toMatch(
      new RegExp(`http\\.check #\\d+ ${health.replaceAll(".", "\\.")}: status 200 in \\d+ ms`),
    );
    expect(client.stdout).toContain(`: sha256 ${sha256} (${data.length} bytes)`);
  }, 120_000);
});

/** The example's type queues, `<queue>.type.<type>` and their priority lanes (the system's cleanup deletes its own queues only). */
async function deleteTypeQueues(queue: string) {
  const connection = await amqp.connect(RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    for (const type of TYPES) {
      await channel.deleteQueue(queueForType(queue, type));
      await channel.deleteQueue(laneOf(queueForType(queue, type)));
    }
  } finally {
    await connection.close();
  }
}

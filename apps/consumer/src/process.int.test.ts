import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createCaller } from "@tps/api";
import { createTestApi, TEST_RABBITMQ_URL, TEST_REDIS_URL } from "@tps/infra/testing";
import amqp from "amqplib";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

/** The consumer as a real process (main.ts through tsx): start-up, health, SIGTERM drain. */
describe("consumer process", () => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let caller: ReturnType<typeof createCaller>;
  let child: ChildProcess | null = null;
  let output = "";

  const startConsumer = (env: Record<string, string>) => {
    output = "";
    child = spawn(process.execPath, ["--conditions=@tps/source", "--import", "tsx", MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: api.databaseUrl,
        RABBITMQ_URL: TEST_RABBITMQ_URL,
        REDIS_URL: TEST_REDIS_URL,
        TASK_QUEUE: api.queue,
        CONSUMER_PORT: "0",
        LOG_LEVEL: "info",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    return child;
  };
  const exitOf = async (proc: ChildProcess) => {
    if (proc.exitCode !== null) return proc.exitCode;
    const [code] = await once(proc, "exit");
    return code as number;
  };

  /** Starts a consumer, sends it SIGTERM once it is working on a new task, and checks it exits cleanly. */
  const sigtermWhileProcessing = async (env: Record<string, string>, payload: string) => {
    const proc = startConsumer(env);
    await expect.poll(() => output, { timeout: 20_000 }).toContain("consumer started");
    const task = await caller.tasks.create({ payload });
    await expect
      .poll(async () => (await caller.tasks.get({ id: task.id })).status, { timeout: 5_000 })
      .toBe("PROCESSING");
    proc.kill("SIGTERM");
    expect(await exitOf(proc)).toBe(0);
    return task;
  };

  beforeAll(async () => {
    api = await createTestApi(inject("templateDatabaseUrl"));
    caller = createCaller(api.context);
  });
  afterEach(() => {
    child?.kill("SIGKILL");
    child = null;
  });
  afterAll(() => api?.dispose());

  it("on SIGTERM lets short work finish and settles it before exiting", async () => {
    const task = await sigtermWhileProcessing(
      { TASK_WORK_MS: "1500", SHUTDOWN_GRACE_MS: "10000" },
      "finish me",
    );
    expect((await caller.tasks.get({ id: task.id })).status).toBe("COMPLETED");
  });

  it("on SIGTERM returns work that outlives the grace period to the queue, nothing lost", async () => {
    const task = await sigtermWhileProcessing(
      { TASK_WORK_MS: "60000", SHUTDOWN_GRACE_MS: "300" },
      "too long",
    );
    expect(await caller.tasks.get({ id: task.id })).toMatchObject({ status: "PENDING", attempts: 0 });
    const connection = await amqp.connect(TEST_RABBITMQ_URL);
    const channel = await connection.createChannel();
    expect((await channel.checkQueue(api.queue)).messageCount).toBe(1);
    await connection.close();

    // A new consumer picks it up.
    startConsumer({ TASK_WORK_MS: "100" });
    await expect
      .poll(async () => (await caller.tasks.get({ id: task.id })).status, { timeout: 20_000 })
      .toBe("COMPLETED");
  });

  it("fails fast with one clear line when a service is unreachable", async () => {
    const proc = startConsumer({ RABBITMQ_URL: "amqp://guest:guest@127.0.0.1:1", STARTUP_TIMEOUT_MS: "500" });
    expect(await exitOf(proc)).toBe(1);
    expect(output).toMatch(/rabbitmq unreachable at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1/);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("rejects invalid configuration naming the variable", async () => {
    const proc = startConsumer({ TASK_WORK_MS: "soon", PREFETCH: "0" });
    expect(await exitOf(proc)).toBe(1);
    expect(output).toContain("invalid configuration: TASK_WORK_MS");
    expect(output).toContain("invalid configuration: PREFETCH");
  });
});

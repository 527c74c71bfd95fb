import { randomUUID } from "node:crypto";
import {
  ConflictError,
  createTasksClient,
  NotFoundError,
  ValidationError,
  WaitTimeoutError,
} from "@tps/client";
import { readConfig } from "./config.js";
import { describeError } from "./describe-error.js";

const { url, apiKey, waitMs } = readConfig();
const client = createTasksClient(url, { apiKey, timeoutMs: 10_000, retry: { attempts: 4, baseMs: 250 } });
const run = randomUUID().slice(0, 8);
let failures = 0;

/** Runs `call`, which must reject with an error of `expected`'s class. */
async function expectError(
  label: string,
  expected: abstract new (...args: never[]) => Error,
  call: () => Promise<unknown>,
) {
  try {
    await call();
    console.log(`✗ ${label}: no error`);
    failures++;
  } catch (error) {
    const ok = error instanceof expected;
    if (!ok) failures++;
    console.log(`${ok ? "✓" : "✗"} ${label}: ${describeError(error)}`);
  }
}

async function main() {
  console.log(`tasks API at ${url}${apiKey ? " (with API key)" : ""}, run ${run}`);

  // 1. Create tasks with idempotency keys: a retried create cannot make a duplicate (on servers that
  // accept the key; older ones ignore it). The client retries these creates on 503s and timeouts.
  const created = [];
  for (const i of [1, 2, 3]) {
    const input = { payload: `example ${run} #${i}`, idempotencyKey: `example-${run}-${i}` };
    created.push(await client.tasks.create.mutate(input));
  }
  console.log(`✓ created ${created.map((t) => `#${t.id}`).join(", ")}`);

  // 2. Watch them while we work.
  const stopWatching = client.watch(
    created.map((t) => t.id),
    (task, previous) => console.log(`  · #${task.id} ${previous} → ${task.status}`),
  );

  // 3. One more, to cancel: a short wait times out (it is not finished), then cancel it.
  const victim = await client.tasks.create.mutate({ payload: `example ${run} to cancel` });
  await expectError("waitFor with a 1 ms budget", WaitTimeoutError, () =>
    client.waitFor(victim.id, { timeoutMs: 1 }),
  );
  try {
    const canceled = await client.tasks.cancel.mutate({ id: victim.id });
    console.log(`✓ canceled #${canceled.id}: ${canceled.status}`);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    console.log(`✓ #${victim.id} finished before the cancel: ${describeError(error)}`);
  }

  // 4. Wait for all of them (subscription-driven, polling as the fallback).
  const finished = await client.waitFor([...created.map((t) => t.id), victim.id], { timeoutMs: waitMs });
  stopWatching();
  for (const task of finished)
    console.log(`✓ #${task.id} ${task.status}${task.lastError ? ` (${task.lastError})` : ""}`);

  // 5. Each error a caller branches on.
  await expectError("get a task that does not exist", NotFoundError, () =>
    client.tasks.get.query({ id: 2_000_000_000 }),
  );
  await expectError("create with a payload over 64 KiB", ValidationError, () =>
    client.tasks.create.mutate({ payload: "x".repeat(70_000) }),
  );
  await expectError("cancel a finished task", ConflictError, () =>
    client.tasks.cancel.mutate({ id: victim.id }),
  );
}

try {
  await main();
} catch (error) {
  // Anything not handled above: unreachable server (UnavailableError), bad key (UnauthorizedError), …
  console.error(`✗ ${describeError(error)}`);
  process.exit(1);
}
console.log(
  failures === 0 ? "example finished: all as expected" : `example finished with ${failures} surprise(s)`,
);
process.exit(failures === 0 ? 0 : 1);

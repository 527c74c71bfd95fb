import { describe, expect, it } from "vitest";
import type { TasksApiError } from "./errors";
import { fakeTaskSource, sleep } from "./fake-task-source.test-util";
import { watchTasks } from "./watch";

describe("watchTasks", () => {
  it("emits status changes only, with the previous status", async () => {
    const fake = fakeTaskSource({ 1: "PENDING", 2: "PENDING" });
    const seen: string[] = [];
    const stop = watchTasks(
      fake.source,
      [1, 2],
      (task, previous) => seen.push(`${task.id}:${previous}>${task.status}`),
      {
        pollMs: 60_000,
      },
    );
    await sleep(10);
    fake.set(1, "PROCESSING");
    await sleep(10);
    fake.set(3 as number, "PENDING"); // a tick for a task nobody watches: no emission
    await sleep(10);
    fake.set(1, "COMPLETED");
    fake.set(2, "CANCELED");
    await sleep(20);
    stop();
    expect(seen).toEqual(["1:PENDING>PROCESSING", "1:PROCESSING>COMPLETED", "2:PENDING>CANCELED"]);
    expect(fake.state.subscribers).toBe(0);
  });

  it("polls when the subscription fails, and stops on abort", async () => {
    const fake = fakeTaskSource({ 1: "PENDING" });
    fake.state.subscribeFails = true;
    const abort = new AbortController();
    const seen: string[] = [];
    watchTasks(fake.source, [1], (task) => seen.push(task.status), { signal: abort.signal, pollMs: 10 });
    await sleep(30);
    fake.set(1, "PROCESSING", true);
    await sleep(30);
    abort.abort();
    const reads = fake.state.reads;
    fake.set(1, "COMPLETED", true);
    await sleep(30);
    expect(seen).toEqual(["PROCESSING"]);
    expect(fake.state.reads).toBe(reads);
  });

  it("reports a missing task once and stops reading it", async () => {
    const fake = fakeTaskSource({ 1: "PENDING" });
    const errors: [string, number][] = [];
    const stop = watchTasks(fake.source, [1, 42], () => {}, {
      pollMs: 10,
      onError: (error: TasksApiError, id) => errors.push([error.code, id]),
    });
    await sleep(50);
    stop();
    expect(errors).toEqual([["NOT_FOUND", 42]]);
  });
});

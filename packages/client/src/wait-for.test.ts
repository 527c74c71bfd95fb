import { describe, expect, it } from "vitest";
import { NotFoundError, WaitTimeoutError } from "./errors";
import { fakeTaskSource, sleep } from "./fake-task-source.test-util";
import { waitForTasks } from "./wait-for";

const slowPoll = { pollMs: 60_000 }; // only change ticks can finish these waits

describe("waitForTasks", () => {
  it("resolves at once with tasks that are already terminal, in the order asked", async () => {
    const fake = fakeTaskSource({ 1: "COMPLETED", 2: "FAILED", 3: "CANCELED" });
    const tasks = await waitForTasks(fake.source, [3, 1, 2, 1], slowPoll);
    expect(tasks.map((t) => [t.id, t.status])).toEqual([
      [3, "CANCELED"],
      [1, "COMPLETED"],
      [2, "FAILED"],
      [1, "COMPLETED"],
    ]);
    expect(fake.state.subscribers).toBe(0);
  });

  it("is driven by change ticks and reads only the unfinished tasks", async () => {
    const fake = fakeTaskSource({ 1: "PENDING", 2: "PROCESSING" });
    const waiting = waitForTasks(fake.source, [1, 2], slowPoll);
    await sleep(10);
    fake.set(1, "COMPLETED");
    await sleep(10);
    const readsBefore = fake.state.reads;
    fake.set(2, "FAILED");
    const tasks = await waiting;
    expect(tasks.map((t) => t.status)).toEqual(["COMPLETED", "FAILED"]);
    expect(fake.state.reads - readsBefore).toBe(1); // task 1 was not read again
    expect(fake.state.subscribers).toBe(0); // unsubscribed when done
  });

  it("falls back to polling when the subscription fails", async () => {
    const fake = fakeTaskSource({ 1: "PENDING" });
    fake.state.subscribeFails = true;
    const waiting = waitForTasks(fake.source, [1], { pollMs: 20 });
    await sleep(50);
    fake.set(1, "COMPLETED", true);
    await expect(waiting).resolves.toMatchObject([{ id: 1, status: "COMPLETED" }]);
  });

  it("polls between ticks, so a change without a tick is still seen", async () => {
    const fake = fakeTaskSource({ 1: "PROCESSING" });
    const waiting = waitForTasks(fake.source, [1], { pollMs: 20 });
    await sleep(30);
    fake.set(1, "CANCELED", true);
    await expect(waiting).resolves.toMatchObject([{ status: "CANCELED" }]);
  });

  it("rides out transient read errors", async () => {
    const fake = fakeTaskSource({ 1: "PENDING" });
    fake.state.outage = true;
    const waiting = waitForTasks(fake.source, [1], { pollMs: 10 });
    await sleep(40);
    fake.set(1, "COMPLETED");
    fake.state.outage = false;
    await expect(waiting).resolves.toMatchObject([{ status: "COMPLETED" }]);
  });

  it("rejects with NotFoundError for a task that does not exist", async () => {
    const fake = fakeTaskSource({ 1: "PENDING" });
    await expect(waitForTasks(fake.source, [1, 99], slowPoll)).rejects.toBeInstanceOf(NotFoundError);
    expect(fake.state.subscribers).toBe(0);
  });

  it("rejects with WaitTimeoutError naming the unfinished tasks", async () => {
    const fake = fakeTaskSource({ 1: "COMPLETED", 2: "PENDING" });
    const error = await waitForTasks(fake.source, [1, 2], { timeoutMs: 50, pollMs: 10 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).toMatchObject({ code: "TIMEOUT", pendingIds: [2] });
    const reads = fake.state.reads;
    await sleep(40);
    expect(fake.state.reads).toBe(reads); // stopped polling
  });

  it("rejects with the abort reason when the signal aborts", async () => {
    const fake = fakeTaskSource({ 1: "PENDING" });
    const abort = new AbortController();
    const waiting = waitForTasks(fake.source, [1], { signal: abort.signal, ...slowPoll });
    abort.abort(new Error("shutting down"));
    await expect(waiting).rejects.toThrow("shutting down");
    await expect(waitForTasks(fake.source, [1], { signal: abort.signal })).rejects.toThrow("shutting down");
  });

  it("resolves an empty list at once", async () => {
    await expect(waitForTasks(fakeTaskSource({}).source, [])).resolves.toEqual([]);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { TaskError } from "../domain/errors";
import { InMemoryTaskStore, MemoryLog, RecordingCancelSignal, RecordingPublisher } from "../testing";
import { cancelTask } from "./cancel-tasks";
import { createTasks } from "./create-tasks";
import { getTask } from "./read-tasks";
import { retryTask, retryTaskNow } from "./retry-tasks";

describe("use cases", () => {
  let repo: InMemoryTaskStore;
  let publisher: RecordingPublisher;
  let cancelSignal: RecordingCancelSignal;
  let log: MemoryLog;
  let deps: {
    repo: InMemoryTaskStore;
    publisher: RecordingPublisher;
    cancelSignal: RecordingCancelSignal;
    log: MemoryLog;
  };

  beforeEach(() => {
    repo = new InMemoryTaskStore();
    publisher = new RecordingPublisher();
    cancelSignal = new RecordingCancelSignal();
    log = new MemoryLog();
    deps = { repo, publisher, cancelSignal, log };
  });

  describe("createTasks", () => {
    it("stores PENDING tasks, publishes them and records the publish", async () => {
      const tasks = await createTasks(deps, ["a", "b"]);
      expect(tasks.map((t) => [t.payload, t.status])).toEqual([
        ["a", "PENDING"],
        ["b", "PENDING"],
      ]);
      expect(publisher.published).toEqual(tasks.map((t) => t.id));
      for (const t of tasks) {
        expect(t.publishedAt).not.toBeNull();
        expect((await repo.findById(t.id))?.publishedAt).not.toBeNull();
      }
    });

    it("keeps the tasks when the broker is down, unpublished for the reconciler", async () => {
      publisher.failNext = true;
      const [task] = await createTasks(deps, ["x"]);
      expect(task!.status).toBe("PENDING");
      expect((await repo.findById(task!.id))?.publishedAt).toBeNull();
      expect(log.entries.some((e) => e.level === "warn" && /publish failed/.test(e.message))).toBe(true);
      // The reconciler later publishes it.
      const published = await repo.publishDue(10, 0, (ids) => publisher.publish(ids));
      expect(published).toBe(1);
      expect(publisher.published).toEqual([task!.id]);
    });
  });

  describe("cancelTask", () => {
    it("cancels a PENDING task and signals the consumer", async () => {
      const [task] = await createTasks(deps, ["x"]);
      const canceled = await cancelTask(deps, task!.id);
      expect(canceled.status).toBe("CANCELED");
      expect(canceled.canceledAt).not.toBeNull();
      expect(cancelSignal.announced).toEqual([task!.id]);
    });

    it("cancels a PROCESSING task", async () => {
      const [task] = await createTasks(deps, ["x"]);
      await repo.claim([task!.id], "c1", 10_000);
      expect((await cancelTask(deps, task!.id)).status).toBe("CANCELED");
    });

    it("refuses an already cancelled task with CONFLICT", async () => {
      const [task] = await createTasks(deps, ["x"]);
      await cancelTask(deps, task!.id);
      await expect(cancelTask(deps, task!.id)).rejects.toMatchObject({
        code: "CONFLICT",
        message: `cannot cancel task ${task!.id}: it is CANCELED`,
      });
    });

    it("refuses a completed task with CONFLICT", async () => {
      const [task] = await createTasks(deps, ["x"]);
      const [claimed] = await repo.claim([task!.id], "c1", 10_000);
      await repo.settle([{ ...claimed!, outcome: "complete" }], "c1");
      await expect(cancelTask(deps, task!.id)).rejects.toMatchObject({ code: "CONFLICT" });
    });

    it("answers NOT_FOUND for an unknown id", async () => {
      await expect(cancelTask(deps, 999)).rejects.toBeInstanceOf(TaskError);
      await expect(cancelTask(deps, 999)).rejects.toMatchObject({ code: "NOT_FOUND" });
    });

    it("still cancels when the cache is down", async () => {
      const [task] = await createTasks(deps, ["x"]);
      cancelSignal.fail = true;
      expect((await cancelTask(deps, task!.id)).status).toBe("CANCELED");
      expect((await repo.findById(task!.id))?.status).toBe("CANCELED");
      expect(log.entries.some((e) => e.level === "warn")).toBe(true);
    });
  });

  describe("retryTask", () => {
    it("puts a FAILED task back to PENDING with fresh attempts and publishes it", async () => {
      const [task] = await createTasks(deps, ["x"]);
      const [claimed] = await repo.claim([task!.id], "c1", 10_000);
      await repo.settle([{ ...claimed!, outcome: "fail", error: "boom" }], "c1");
      const retried = await retryTask(deps, task!.id);
      expect(retried).toMatchObject({ status: "PENDING", attempts: 0, finishedAt: null });
      expect(publisher.published).toEqual([task!.id, task!.id]);
    });

    it("refuses tasks that are not FAILED", async () => {
      const [task] = await createTasks(deps, ["x"]);
      await expect(retryTask(deps, task!.id)).rejects.toMatchObject({ code: "CONFLICT" });
      await expect(retryTask(deps, 12345)).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });

  describe("retryTaskNow", () => {
    it("makes a task waiting out its backoff due now, keeps its attempts and publishes it", async () => {
      const [task] = await createTasks(deps, ["x"]);
      const [claimed] = await repo.claim([task!.id], "c1", 10_000);
      await repo.settle([{ ...claimed!, outcome: "backoff", error: "boom", delayMs: 60_000 }], "c1");
      const due = await retryTaskNow(deps, task!.id, "ops@example.com");
      expect(due).toMatchObject({ status: "PENDING", attempts: 1, lastError: "boom" });
      expect(Date.parse(due.nextAttemptAt!)).toBeLessThanOrEqual(Date.now());
      expect(publisher.published).toEqual([task!.id, task!.id]);
      expect((await repo.findById(task!.id))?.publishedAt).not.toBeNull();
    });

    it("refuses a task that is already due, or not PENDING, or unknown", async () => {
      const [task] = await createTasks(deps, ["x"]);
      await expect(retryTaskNow(deps, task!.id)).rejects.toMatchObject({
        code: "CONFLICT",
        message: `cannot retry task ${task!.id} now: it is already due, only a PENDING task waiting for its next attempt can be`,
      });
      await cancelTask(deps, task!.id);
      await expect(retryTaskNow(deps, task!.id)).rejects.toThrow(/it is CANCELED/);
      await expect(retryTaskNow(deps, 12345)).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });

  it("getTask answers NOT_FOUND for an unknown id", async () => {
    await expect(getTask(repo, 5)).rejects.toMatchObject({ code: "NOT_FOUND", message: "task 5 not found" });
  });
});

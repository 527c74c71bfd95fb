import { beforeEach, describe, expect, it } from "vitest";
import { InMemoryTaskStore, MemoryLog, RecordingPublisher } from "../testing";
import { createTasks } from "./create-tasks";
import { retryTaskNow } from "./retry-tasks";

describe("createTasks with run options", () => {
  let clock: number;
  let repo: InMemoryTaskStore;
  let publisher: RecordingPublisher;
  let deps: { repo: InMemoryTaskStore; publisher: RecordingPublisher; log: MemoryLog };

  beforeEach(() => {
    clock = Date.parse("2026-12-07T12:00:00Z");
    repo = new InMemoryTaskStore(() => clock);
    publisher = new RecordingPublisher();
    deps = { repo, publisher, log: new MemoryLog() };
  });

  it("does not send a delayed task: it waits unpublished for the reconcilers", async () => {
    const [delayed, now] = await createTasks(deps, [
      { payload: "later", availableAt: "2026-12-07T12:01:00.000Z" },
      { payload: "now" },
    ]);
    expect(delayed).toMatchObject({ publishedAt: null, nextAttemptAt: "2026-12-07T12:01:00.000Z" });
    expect(now!.publishedAt).not.toBeNull();
    expect(publisher.published).toEqual([now!.id]);
  });

  it("sends each task with its priority, and none for priority 0", async () => {
    const [urgent, plain] = await createTasks(deps, [
      { payload: "urgent", priority: 9 },
      { payload: "plain" },
    ]);
    expect(publisher.refs).toEqual([
      { id: urgent!.id, type: "sleep", priority: 9 },
      { id: plain!.id, type: "sleep" },
    ]);
  });

  it("starts a delayed task now on retry now, with its priority", async () => {
    const [delayed] = await createTasks(deps, [
      { payload: "later", availableAt: "2026-12-07T13:00:00.000Z", priority: 3 },
    ]);
    const task = await retryTaskNow(deps, delayed!.id, "operator");
    expect(task).toMatchObject({
      nextAttemptAt: "2026-12-07T12:00:00.000Z",
      publishedAt: expect.any(String),
    });
    expect(publisher.refs).toEqual([{ id: delayed!.id, type: "sleep", priority: 3 }]);
  });

  it("keeps replays of an idempotency key working for delayed tasks", async () => {
    const item = {
      payload: "once",
      availableAt: "2026-12-07T12:05:00.000Z",
      idempotencyKey: "k1",
      idempotencyScope: "user:1",
    };
    const [first] = await createTasks(deps, [item]);
    const [again] = await createTasks(deps, [item]);
    expect(again).toMatchObject({ id: first!.id, replayed: true, publishedAt: null });
    expect(publisher.published).toEqual([]);
  });
});

import type { Task } from "../domain/task";
import type { Log, PublishMark, TaskPublisher, TaskRepository } from "../ports";

export interface PublishDeps {
  repo: TaskRepository;
  publisher: TaskPublisher;
  log: Log;
}

/**
 * Sends the messages of tasks just queued and marked as published (by their insert or retry), each
 * with its priority (which picks the type's queue or its priority lane).
 * If sending fails, the marks are taken back so the consumer's reconciler publishes the tasks soon;
 * if even that fails, the reconciler sends them once the marks are stale. Duplicates are harmless
 * (claims are conditional), so this never fails the caller's request. Returns whether they were sent.
 */
export async function publishNow(
  deps: PublishDeps,
  tasks: readonly (Pick<Task, "id" | "type" | "publishedAt"> & { priority?: number })[],
): Promise<boolean> {
  const ids = tasks.map((t) => t.id);
  try {
    await deps.publisher.publish(
      tasks.map(({ id, type, priority }) => (priority ? { id, type, priority } : { id, type })),
    );
    return true;
  } catch (error) {
    deps.log.warn(
      { err: error, count: ids.length },
      "publish failed; the reconciler will publish these tasks",
    );
    const marks = tasks.flatMap((t): PublishMark[] =>
      t.publishedAt === null ? [] : [{ id: t.id, publishedAt: t.publishedAt }],
    );
    await deps.repo
      .unmarkPublished(marks)
      .catch((unmarkError: unknown) =>
        deps.log.warn(
          { err: unmarkError, count: ids.length },
          "could not take back the publish marks; the reconciler sends these tasks once they are stale",
        ),
      );
    return false;
  }
}

import type { Log, PublishedTask, TaskPublisher, TaskRepository } from "../ports";

export interface PublishDeps {
  repo: TaskRepository;
  publisher: TaskPublisher;
  log: Log;
}

/**
 * Publishes freshly (re)queued tasks right away. Any failure leaves them unpublished in the database,
 * where the consumer's reconciler finds and publishes them; duplicates are harmless (claims are
 * conditional), so this never fails the caller's request. Returns whether the publish was recorded.
 */
export async function publishNow(deps: PublishDeps, tasks: readonly PublishedTask[]): Promise<boolean> {
  const ids = tasks.map((t) => t.id);
  try {
    await deps.publisher.publish(ids);
    await deps.repo.markPublished(tasks.map(({ id, attempts }) => ({ id, attempts })));
    return true;
  } catch (error) {
    deps.log.warn(
      { err: error, count: ids.length },
      "publish failed; the reconciler will publish these tasks",
    );
    return false;
  }
}

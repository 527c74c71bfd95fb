import { openTasks, snapshotBothThemes, statusCell, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";
import { queryRunDatabase } from "./run-database";

/**
 * A task whose first attempt failed and which waits ten minutes for its next one: PENDING, one
 * attempt used, unpublished, due later. It is written as a consumer's backoff settle leaves it (this
 * run's RETRY_BASE_MS is 250 ms, too short to look at).
 */
async function taskWaitingOutBackoff(payload: string): Promise<number> {
  // Task ids are bigint: node-postgres reads int8 as a string.
  const [row] = await queryRunDatabase<{ id: string }>(
    `WITH task AS (
       INSERT INTO tasks (payload, attempts, last_error, available_at, started_at)
       VALUES ($1, 1, 'simulated failure: first attempt', now() + interval '10 minutes', now() - interval '3 seconds')
       RETURNING id
     ), timeline AS (
       INSERT INTO task_events (task_id, type, attempt, detail)
       SELECT id, 'backoff', 1, 'simulated failure: first attempt' FROM task
     )
     SELECT id FROM task`,
    [payload],
  );
  return Number(row!.id);
}

test("a task waiting out its backoff shows its next attempt, and retry now runs it at once", async ({
  page,
  api,
}, testInfo) => {
  const payload = uniquePayload("backoff");
  const id = await taskWaitingOutBackoff(payload);

  await openTasks(page, `?q=${payload}`);
  await expect(statusCell(page, id)).toHaveText("PENDING");
  await expect(page.getByTestId(`task-next-attempt-${id}`)).toHaveText(/next in (9|10) m \d\d s/);
  await expect(page.getByRole("button", { name: `Retry task ${id} now` })).toBeVisible();

  await page.getByRole("link", { name: `Open task ${id}` }).click();
  await expect(page.getByTestId("detail-next-attempt")).toContainText(/^in (9|10) min\./);
  await expect(page.getByTestId("detail-next-attempt")).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  await snapshotBothThemes(page, testInfo, "retry-now", true);
  await page.getByRole("button", { name: `Retry task ${id} now` }).click();

  await expect(
    page.getByRole("status").filter({ hasText: `Skipped the backoff of task #${id}` }),
  ).toBeVisible();
  await expect(page.getByTestId("detail-status")).toHaveText("COMPLETED", { timeout: 15_000 });
  await expect(page.getByTestId("detail-attempts")).toHaveText("2 of 3");
  await expect(page.getByTestId("detail-next-attempt")).toHaveText("—");
  await expect(page.getByRole("button", { name: `Retry task ${id} now` })).toHaveCount(0);
  const retried = (await api.events(id)).find((e) => e.type === "retried");
  expect(retried).toMatchObject({ attempt: 1, actor: expect.any(String) });
});

test("retry now is refused with the reason when the task is no longer waiting", async ({ api }) => {
  const [id] = await api.create([uniquePayload("due")]);
  await expect(api.retryNow(id!)).rejects.toThrow(/cannot retry task \d+ now/);
});

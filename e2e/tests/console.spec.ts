import {
  cancelButton,
  countCell,
  createTask,
  formatCount,
  idOfRow,
  openTasks,
  readCounts,
  rowWithPayload,
  snapshot,
  statusCell,
  uniquePayload,
} from "./console-helpers";
import { expect, test } from "./fixtures";

// TASK_WORK_MS is 2.5 s in this run (playwright.config.ts): long enough to see PROCESSING and to
// cancel a running task, short enough to wait for COMPLETED.
const WORK = { timeout: 15_000 };

test.beforeEach(async ({ page }) => {
  await openTasks(page);
});

test("a new task is shown PROCESSING, then COMPLETED, and the counts follow", async ({ page }, testInfo) => {
  const before = await readCounts(page);
  const id = await createTask(page, uniquePayload("complete"));

  await expect(statusCell(page, id)).toHaveText("PROCESSING", WORK);
  await expect(countCell(page, "PROCESSING")).toHaveText(formatCount(before.PROCESSING + 1));
  await expect(statusCell(page, id)).toHaveText("COMPLETED", WORK);
  await expect(countCell(page, "COMPLETED")).toHaveText(formatCount(before.COMPLETED + 1));
  await expect(countCell(page, "PROCESSING")).toHaveText(formatCount(before.PROCESSING));
  await expect(cancelButton(page, id)).toHaveCount(0);

  // Keyboard: from the payload field, Tab reaches the create button, which shows its focus.
  await page.getByLabel("Payload", { exact: true }).focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Create task" })).toBeFocused();
  await snapshot(page, testInfo, "completed-light");

  await page.emulateMedia({ colorScheme: "dark" });
  await snapshot(page, testInfo, "completed-dark");
});

test("cancelling a running task shows CANCELED, and its work does not complete it", async ({
  page,
}, testInfo) => {
  const before = await readCounts(page);
  const id = await createTask(page, uniquePayload("cancel"));
  await expect(statusCell(page, id)).toHaveText(/^(PENDING|PROCESSING)$/);

  await cancelButton(page, id).click();
  await expect(statusCell(page, id)).toHaveText("CANCELED", WORK);
  await expect(cancelButton(page, id)).toHaveCount(0);
  await expect(countCell(page, "CANCELED")).toHaveText(formatCount(before.CANCELED + 1));

  // A task created after the cancel completes later than the cancelled one's work would have;
  // once it has, the cancelled task must still be CANCELED.
  const later = await createTask(page, uniquePayload("after-cancel"));
  await snapshot(page, testInfo, "canceled-and-running");
  await expect(statusCell(page, later)).toHaveText("COMPLETED", WORK);
  await expect(statusCell(page, id)).toHaveText("CANCELED");
});

test("the status filter shows only matching rows", async ({ page }, testInfo) => {
  const done = await createTask(page, uniquePayload("filter-done"));
  const canceled = await createTask(page, uniquePayload("filter-canceled"));
  await cancelButton(page, canceled).click();
  await expect(statusCell(page, canceled)).toHaveText("CANCELED", WORK);
  await expect(statusCell(page, done)).toHaveText("COMPLETED", WORK);

  const filter = page.getByLabel("Status", { exact: true });
  const statuses = page.getByTestId(/^task-status-\d+$/);
  for (const [status, shown, hidden] of [
    ["COMPLETED", done, canceled],
    ["CANCELED", canceled, done],
  ] as const) {
    await filter.selectOption(status);
    await expect(statusCell(page, shown)).toBeVisible();
    await expect(statusCell(page, hidden)).toHaveCount(0);
    await expect.poll(async () => new Set(await statuses.allTextContents())).toEqual(new Set([status]));
  }
  await snapshot(page, testInfo, "filtered-canceled");

  await filter.selectOption("PENDING");
  await expect(page.getByTestId("tasks-empty")).toHaveText("No PENDING tasks match these filters.");
  await filter.selectOption("");
  await expect(statusCell(page, done)).toBeVisible();
  await expect(statusCell(page, canceled)).toBeVisible();
});

test("many tasks at once, and rows behind 'Load more' keep updating", async ({ page }, testInfo) => {
  // 6 s of work each (`sleep:`): the oldest task is still running when its page is loaded.
  const prefix = `sleep:6000 ${uniquePayload("batch")}-`;
  await page.getByLabel("Count").fill("60");
  await page.getByLabel("Payload template").fill(prefix); // no {n}: the number is appended
  await page.getByRole("button", { name: "Create 60 tasks" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Created 60 tasks/ })).toBeVisible();

  // Newest first, 50 a page: the batch's first task is on the second page.
  const oldest = `${prefix}1`;
  await expect(rowWithPayload(page, `${prefix}60`)).toHaveCount(1);
  await expect(rowWithPayload(page, oldest)).toHaveCount(0);
  await page.getByRole("button", { name: "Load more" }).click();
  const id = await idOfRow(page, oldest);
  await expect(statusCell(page, id)).toHaveText(/^(PENDING|PROCESSING)$/);
  await expect(statusCell(page, id)).toHaveText("COMPLETED", { timeout: 20_000 });
  // Two pages, no duplicates, no gaps.
  const counts = await readCounts(page);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  await expect(page.getByTestId(/^task-row-\d+$/)).toHaveCount(Math.min(100, total));
  await snapshot(page, testInfo, "load-more");
});

test("a refused cancel shows the server's reason", async ({ page, api }) => {
  const id = await createTask(page, uniquePayload("refused"));
  // Let someone else cancel the task between the click and the request reaching the server.
  await page.route("**/api/trpc/tasks.cancel**", async (route) => {
    expect(await api.cancel(id)).toMatchObject({ status: "CANCELED" });
    await route.continue();
  });
  await cancelButton(page, id).click();

  const alert = page.getByRole("alert").filter({ hasText: `Could not cancel task #${id}` });
  await expect(alert).toContainText(`cannot cancel task ${id}: it is CANCELED`);
  await expect(statusCell(page, id)).toHaveText("CANCELED");
});

test("an unreachable API shows a clear message, not a blank page", async ({ page }, testInfo) => {
  await page.route("**/api/trpc/**", (route) => route.abort("connectionrefused"));
  await page.reload();
  await expect(page.getByTestId("tasks-error")).toContainText("The API is not reachable");
  await expect(page.getByRole("button", { name: "Create task" })).toBeVisible();
  await snapshot(page, testInfo, "api-down");
});

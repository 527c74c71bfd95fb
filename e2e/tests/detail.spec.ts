import type { Page } from "@playwright/test";
import { admin } from "./auth-state";
import { createTask, openTasks, snapshotBothThemes, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";

const WORK = { timeout: 15_000 };
const UNTIL_FAILED = { timeout: 20_000 };
const steps = (page: Page) => page.getByTestId("timeline-step");
const stepTypes = (page: Page) =>
  steps(page).evaluateAll((items) => items.map((item) => item.getAttribute("data-type")));

test("open a task from the list and read its timeline", async ({ page }, testInfo) => {
  await openTasks(page);
  const payload = uniquePayload("detail");
  const id = await createTask(page, payload);
  await page.getByRole("link", { name: `Open task ${id}` }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${id}$`));
  await expect(page.getByRole("heading", { name: `Task #${id}` })).toBeVisible();
  await expect(page.getByTestId("detail-payload")).toHaveText(payload);

  await expect(page.getByTestId("detail-status")).toHaveText("COMPLETED", WORK);
  await expect(page.getByTestId("detail-attempts")).toHaveText("1 of 3");
  await expect
    .poll(() => stepTypes(page))
    .toEqual(expect.arrayContaining(["created", "published", "started", "completed"]));
  await expect(steps(page).first()).toContainText("Created");
  await expect(steps(page).filter({ hasText: "Attempt 1 started" })).toHaveCount(1);
  // The run took TASK_WORK_MS (2.5 s by default): the gap before "Completed" says so.
  await expect(steps(page).last()).toContainText("Completed");
  const workSeconds = Math.floor(Number(process.env.E2E_TASK_WORK_MS) / 1000);
  await expect(steps(page).last()).toContainText(new RegExp(`\\+${workSeconds}\\.\\d s`));
  await expect(page.getByRole("button", { name: `Cancel task ${id}` })).toHaveCount(0);
  await snapshotBothThemes(page, testInfo, "task-detail-completed");

  await page.getByRole("link", { name: "← All tasks" }).click();
  await expect(page).toHaveURL(/\/tasks$/);
});

test("cancel a running task from its page: it stops within two seconds", async ({ page, api }) => {
  // `sleep:` work that outlasts the test: the task is still running when its page is loaded.
  const [id] = await api.create([`sleep:60000 ${uniquePayload("stop")}`]);
  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("detail-status")).toHaveText("PROCESSING");

  await page.getByRole("button", { name: `Cancel task ${id}` }).click();
  await expect(page.getByTestId("detail-status")).toHaveText("CANCELED", { timeout: 2_000 });
  await expect(page.getByRole("status").filter({ hasText: `Cancelled task #${id}` })).toBeVisible();
  await expect(steps(page).last()).toContainText("Cancelled");
  await expect(page.getByRole("button", { name: `Cancel task ${id}` })).toHaveCount(0);
  expect((await api.get(id!)).status).toBe("CANCELED");
});

test("a failed task shows its attempts and last error, and can be retried", async ({
  page,
  api,
}, testInfo) => {
  const payload = `fail: ${uniquePayload("retry")}`;
  const [id] = await api.create([payload]);
  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("detail-status")).toHaveText("FAILED", UNTIL_FAILED);
  await expect(page.getByTestId("detail-attempts")).toHaveText("3 of 3");
  await expect(page.getByTestId("detail-last-error")).toContainText(`simulated failure: ${payload}`);
  await expect(steps(page).filter({ hasText: "failed, retry scheduled" })).toHaveCount(2);
  await expect(steps(page).filter({ hasText: "Attempt 3 failed, no attempts left" })).toContainText(payload);
  await snapshotBothThemes(page, testInfo, "task-detail", true);

  await page.getByRole("button", { name: `Retry task ${id}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `Retried task #${id}` })).toBeVisible();
  await expect(page.getByTestId("detail-status")).toHaveText(/^(PENDING|PROCESSING)$/);
  // The timeline names who retried: the signed-in admin.
  await expect(steps(page).filter({ hasText: `Retried by ${admin().email}` })).toHaveCount(1);
  await expect(page.getByTestId("detail-attempts")).toHaveText(/^[01] of 3$/);
});

test("an unknown task id says so", async ({ page }) => {
  await page.goto("/tasks/2147483000");
  await expect(page.getByTestId("detail-not-found")).toContainText("There is no task #2147483000");
  await page.goto("/tasks/abc");
  await expect(page.getByTestId("detail-not-found")).toContainText("Task ids are whole numbers");
});

import type { Page } from "@playwright/test";
import { idOfRow, openTasks, snapshotBothThemes, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";

/** Opens the tasks page and types a new unique payload into the create form (not sent yet). */
async function fillNewTask(page: Page, label: string) {
  await openTasks(page);
  const form = page.getByTestId("create-task-form");
  const payload = uniquePayload(label);
  await form.getByLabel("Payload", { exact: true }).fill(payload);
  return { form, payload };
}

/** `ms` from now as a `datetime-local` value with seconds, in the browser's own time zone. */
const localInputIn = (page: Page, ms: number) =>
  page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }, ms);

test("a task created to run 8 s ahead shows when it is scheduled for, then runs no earlier", async ({
  page,
  api,
}, testInfo) => {
  const { form, payload } = await fillNewTask(page, "run-at");
  await form.getByLabel("Start", { exact: true }).selectOption("at");
  const runAt = await localInputIn(page, 8_000);
  await form.getByLabel("Run at", { exact: true }).fill(runAt);
  await form.getByLabel("Priority", { exact: true }).fill("3");
  await form.getByRole("button", { name: "Create task" }).click();

  const id = await idOfRow(page, payload);
  await expect(page.getByTestId(`task-status-${id}`)).toHaveText("PENDING");
  await expect(page.getByTestId(`task-scheduled-${id}`)).toContainText(
    /scheduled for (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d/,
  );
  await expect(page.getByTestId(`task-priority-${id}`)).toHaveText("3");
  await snapshotBothThemes(page, testInfo, "scheduled-task");

  await page.getByRole("link", { name: `Open task ${id}` }).click();
  await expect(page.getByTestId("detail-priority")).toHaveText("3");
  await expect(page.getByText("Scheduled for", { exact: true })).toBeVisible();
  await expect(page.getByTestId("detail-status")).toHaveText("COMPLETED", { timeout: 20_000 });

  const task = await api.get(id);
  const runAtMs = await page.evaluate((local) => new Date(local).getTime(), runAt);
  expect(task.priority).toBe(3);
  // It started no earlier than its run-at time, and soon after it (consumers are free).
  const startedMs = Date.parse(task.startedAt!);
  expect(startedMs).toBeGreaterThanOrEqual(runAtMs);
  expect(startedMs - runAtMs).toBeLessThan(3_000);
});

test("a task not started within its time to live ends CANCELED as expired, without running", async ({
  page,
  api,
}) => {
  // 150 tasks ahead of it (50 in flight, 2.5 s each): it cannot start within 1 s.
  const filler = uniquePayload("ttl-filler");
  await api.create(Array.from({ length: 150 }, (_, i) => `${filler}-${i}`));
  const { form, payload } = await fillNewTask(page, "ttl");
  await form.getByLabel("Expire after", { exact: true }).fill("1");
  await form.getByLabel("Expire after unit", { exact: true }).selectOption("s");
  await form.getByRole("button", { name: "Create task" }).click();
  const id = await idOfRow(page, payload);

  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("detail-expires")).toContainText(/\d{4}-\d\d-\d\d/);
  await expect(page.getByTestId("detail-status")).toHaveText("CANCELED", { timeout: 30_000 });
  await expect(page.getByTestId("detail-expired")).toContainText("not started within its time to live");
  await expect(page.getByTestId("timeline-step").filter({ hasText: "Expired" })).toHaveCount(1);

  const task = await api.get(id);
  expect(task).toMatchObject({ status: "CANCELED", expired: true, lastError: "expired", startedAt: null });
});

test("a task delayed by 10 minutes runs at once with run now", async ({ page }) => {
  const { form, payload } = await fillNewTask(page, "run-now");
  await form.getByLabel("Start", { exact: true }).selectOption("delay");
  await form.getByLabel("Delay", { exact: true }).fill("10");
  await form.getByLabel("Delay unit", { exact: true }).selectOption("min");
  await form.getByRole("button", { name: "Create task" }).click();
  const id = await idOfRow(page, payload);
  await expect(page.getByTestId(`task-scheduled-${id}`)).toBeVisible();

  await page.getByRole("button", { name: `Run task ${id} now` }).click();
  await expect(page.getByTestId(`task-scheduled-${id}`)).toHaveCount(0);
  await expect(page.getByTestId(`task-status-${id}`)).toHaveText("COMPLETED", { timeout: 15_000 });
});

test("a run-at time over a year ahead is refused in the form before it is sent", async ({ page }) => {
  const { form } = await fillNewTask(page, "far");
  await form.getByLabel("Start", { exact: true }).selectOption("delay");
  await form.getByLabel("Delay", { exact: true }).fill("9000");
  await form.getByLabel("Delay unit", { exact: true }).selectOption("h");
  await form.getByRole("button", { name: "Create task" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "at most one year" })).toBeVisible();
});

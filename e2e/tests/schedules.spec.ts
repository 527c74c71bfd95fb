import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { mutateFromPage, snapshotBothThemes, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";
import { signInAs, USER_PASSWORD } from "./sign-in";

/** The schedules table's row showing `payload` (its input). */
const scheduleRow = (page: Page, payload: string) =>
  page.locator("tr[id^='schedule-']").filter({ hasText: payload });

async function idOfSchedule(page: Page, payload: string): Promise<string> {
  const row = scheduleRow(page, payload);
  await expect(row).toHaveCount(1);
  return (await row.getAttribute("id"))!.replace("schedule-", "");
}

// A schedule left behind would keep making tasks for the specs after this one.
test.afterEach(async ({ api }) => {
  const { items } = await api.client.schedules.list.query();
  for (const schedule of items) await api.client.schedules.delete.mutate({ id: schedule.id });
});

test("an operator creates a schedule with a live preview, sees its tasks, edits, disables and deletes it", async ({
  page,
}, testInfo) => {
  await page.goto("/schedules");
  await expect(page.getByRole("heading", { name: "Schedules", exact: true })).toBeVisible();
  const form = page.getByTestId("schedule-form");
  await form.getByLabel("Cron", { exact: true }).fill("61 * * * *");
  await expect(form.getByTestId("cron-preview-error")).toContainText("cron");
  await form.getByLabel("Cron", { exact: true }).fill("*/2 * * * * *");
  await expect(form.getByTestId("cron-preview").locator("li")).toHaveCount(5);
  const payload = uniquePayload("schedule");
  await form.getByLabel("Payload", { exact: true }).fill(payload);
  await form.getByRole("button", { name: "Create schedule" }).click();

  const id = await idOfSchedule(page, payload);
  const row = scheduleRow(page, payload);
  await expect(row.getByTestId(`schedule-enabled-${id}`)).toHaveText("yes");
  await expect(row.getByTestId(`schedule-next-runs-${id}`).locator("li")).toHaveCount(3);
  // A tick every 2 s: a task appears within a few seconds, linked to its detail page.
  const firstTask = row.getByTestId(`schedule-last-tasks-${id}`).getByRole("link").first();
  await expect(firstTask).toBeVisible({ timeout: 15_000 });
  await snapshotBothThemes(page, testInfo, "schedules", true);

  await row.getByRole("button", { name: `Edit schedule ${id}` }).click();
  const dialog = page.getByTestId("edit-schedule");
  await dialog.getByLabel("Priority", { exact: true }).fill("4");
  await dialog.getByRole("button", { name: "Save schedule" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.locator("td").nth(3)).toHaveText("4");

  await row.getByRole("button", { name: `Disable schedule ${id}` }).click();
  await expect(row.getByTestId(`schedule-enabled-${id}`)).toHaveText("no");
  await expect(row.getByTestId(`schedule-next-runs-${id}`)).toHaveText("disabled");

  const taskName = (await firstTask.getAttribute("aria-label"))!;
  await firstTask.click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${taskName.replace("Open task ", "")}$`));
  await expect(page.getByTestId("detail-type")).toHaveText("sleep");
  await expect(page.getByTestId("detail-schedule")).toHaveText(id);

  await page.goto("/schedules");
  await scheduleRow(page, payload)
    .getByRole("button", { name: `Delete schedule ${id}` })
    .click();
  await page.getByTestId("confirm-delete-schedule-button").click();
  await expect(page.getByRole("status").filter({ hasText: `Deleted schedule ${id}` })).toBeVisible();
  await expect(scheduleRow(page, payload)).toHaveCount(0);
});

test("a viewer sees schedules but no create, edit, toggle or delete control, and is refused writes", async ({
  browser,
  api,
}) => {
  const payload = uniquePayload("viewer-schedule");
  const { id } = await api.client.schedules.create.mutate({
    type: "sleep",
    input: payload,
    cron: "0 0 1 1 *",
    enabled: false,
  });
  const email = `e2e-viewer-${randomBytes(3).toString("hex")}@example.com`;
  await api.createUser(email, USER_PASSWORD, "viewer");
  const page = await signInAs(browser, email);
  await page.goto("/schedules");
  await expect(scheduleRow(page, payload)).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Create schedule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Enable|Disable|Edit|Delete) schedule/ })).toHaveCount(0);

  const forced = await mutateFromPage(page, "schedules.delete", { id });
  expect(forced.status).toBe(403);
  await page.context().close();
});

import {
  idOfRow,
  openTasks,
  rowWithPayload,
  search,
  shownPayloads,
  snapshotBothThemes,
  statusCell,
  uniquePayload,
} from "./console-helpers";
import { expect, test } from "./fixtures";

const WORK = { timeout: 15_000 };

test("create one task, and N tasks from a payload template", async ({ page }) => {
  await openTasks(page);
  const one = uniquePayload("one");
  await page.getByLabel("Payload", { exact: true }).fill(one);
  await page.getByRole("button", { name: "Create task" }).click();
  const id = await idOfRow(page, one);
  await expect(page.getByRole("status").filter({ hasText: `Created task #${id}` })).toBeVisible();

  const base = uniquePayload("tpl");
  await page.getByLabel("Count").fill("5");
  await page.getByLabel("Payload template").fill(`${base}-job-{n}`);
  await page.getByRole("button", { name: "Create 5 tasks" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Created 5 tasks \(#\d+–#\d+\)/ })).toBeVisible();

  await search(page, base);
  await expect.poll(() => shownPayloads(page)).toEqual([5, 4, 3, 2, 1].map((n) => `${base}-job-${n}`));
});

test("search by payload text and by id, kept in the URL across a reload", async ({ page, api }) => {
  const word = uniquePayload("search");
  const [alpha, beta] = await api.create([`${word}-alpha`, `${word}-beta`]);
  await openTasks(page);

  await search(page, `${word}-ALPHA`); // case-insensitive substring
  await expect(rowWithPayload(page, `${word}-alpha`)).toHaveCount(1);
  await expect(page.getByTestId(/^task-row-\d+$/)).toHaveCount(1);

  await search(page, `#${beta}`);
  await expect(page.getByTestId(`task-row-${beta}`)).toBeVisible();
  await expect(page.getByTestId(`task-row-${alpha}`)).toHaveCount(0);

  await search(page, String(alpha));
  await expect(page.getByTestId(`task-row-${alpha}`)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Search", { exact: true })).toHaveValue(String(alpha));
  await expect(page.getByTestId(`task-row-${alpha}`)).toBeVisible();

  await search(page, `${word}-nothing-like-this`);
  await expect(page.getByTestId("tasks-empty")).toHaveText("No tasks match these filters.");
});

test("the status filter is in the URL, and the back button restores the previous one", async ({
  page,
  api,
}) => {
  const word = uniquePayload("status");
  const [done, canceled] = await api.create([`${word}-done`, `${word}-canceled`]);
  await api.cancel(canceled!);
  await openTasks(page, `?q=${word}`);
  await expect(statusCell(page, done!)).toHaveText("COMPLETED", WORK);

  const filter = page.getByLabel("Status", { exact: true });
  await filter.selectOption("COMPLETED");
  await expect(page).toHaveURL(/[?&]status=COMPLETED/);
  await expect(page.getByTestId(/^task-row-\d+$/)).toHaveCount(1);
  await expect(statusCell(page, done!)).toBeVisible();

  await filter.selectOption("CANCELED");
  await expect(page).toHaveURL(/[?&]status=CANCELED/);
  await expect(statusCell(page, canceled!)).toBeVisible();
  await expect(statusCell(page, done!)).toHaveCount(0);

  await page.goBack();
  await expect(page).toHaveURL(/[?&]status=COMPLETED/);
  await expect(filter).toHaveValue("COMPLETED");
  await expect(statusCell(page, done!)).toBeVisible();
  await expect(statusCell(page, canceled!)).toHaveCount(0);

  await page.goBack();
  await expect(page).not.toHaveURL(/status=/);
  await expect(filter).toHaveValue("");
  await expect(page.getByTestId(/^task-row-\d+$/)).toHaveCount(2);
});

test("sort by finished lists the most recently finished first, and only finished tasks", async ({
  page,
  api,
}) => {
  const word = uniquePayload("sort");
  // `sleep:` work that outlasts the test: the third task is still running when the list is sorted.
  const prefix = `sleep:60000 ${word}`;
  const [first, second, running] = await api.create([`${prefix}-1`, `${prefix}-2`, `${prefix}-3`]);
  await api.cancel(second!);
  await api.cancel(first!); // finishes last
  await openTasks(page, `?q=${word}`);
  await expect.poll(() => shownPayloads(page)).toEqual([`${prefix}-3`, `${prefix}-2`, `${prefix}-1`]);

  await page.getByLabel("Sort").selectOption("finished");
  await expect(page).toHaveURL(/[?&]sort=finished/);
  await expect.poll(() => shownPayloads(page)).toEqual([`${prefix}-1`, `${prefix}-2`]);
  await expect(page.getByTestId(`task-row-${running}`)).toHaveCount(0);
});

test("the created-time range narrows the list and lands in the URL", async ({ page, api }) => {
  const word = uniquePayload("range");
  await api.create([word]);
  await openTasks(page, `?q=${word}`);
  await expect(rowWithPayload(page, word)).toHaveCount(1);

  await page.getByLabel("Created from").fill("2099-01-01T00:00");
  await expect(page).toHaveURL(/[?&]from=2099-/);
  await expect(page.getByTestId("tasks-empty")).toHaveText("No tasks match these filters.");

  await page.getByLabel("Created from").fill("2000-01-01T00:00");
  await page.getByLabel("Created to").fill("2099-01-01T00:00");
  await expect(page).toHaveURL(/[?&]to=2099-/);
  await expect(rowWithPayload(page, word)).toHaveCount(1);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/tasks$/);
});

for (const mode of ["sse", "poll"] as const) {
  test(`changes made elsewhere show up within about a second (${mode})`, async ({ page, api }, testInfo) => {
    await openTasks(page, mode === "poll" ? "?live=poll" : "");
    const state = page.getByTestId("live-state");
    await expect(state).toHaveAttribute("data-state", mode === "poll" ? "polling" : "live");

    const payload = uniquePayload(`live-${mode}`);
    const [id] = await api.create([payload]);
    await expect(page.getByTestId(`task-row-${id}`)).toBeVisible({ timeout: 2_000 });
    await api.cancel(id!);
    await expect(statusCell(page, id!)).toHaveText("CANCELED", { timeout: 2_000 });
    if (mode === "sse") await snapshotBothThemes(page, testInfo, "tasks-live");
  });
}

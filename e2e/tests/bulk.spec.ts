import { openTasks, snapshotBothThemes, statusCell, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";

// RETRY_BASE_MS is 250 in this run: a `fail:` task is FAILED after about 8.5 s.
const UNTIL_FAILED = { timeout: 20_000 };

test("select rows and cancel them; tasks that cannot be cancelled are skipped", async ({ page, api }) => {
  const word = uniquePayload("select");
  // `sleep:` work that outlasts the test: the two not cancelled up front are still running when the
  // button is clicked, however slow the machine.
  const ids = await api.create([1, 2, 3].map((n) => `sleep:60000 ${word}-${n}`));
  await api.cancel(ids[0]!);
  await openTasks(page, `?q=${word}`);
  await expect(page.getByTestId(/^task-row-\d+$/)).toHaveCount(3);

  await page.getByLabel("Select all shown tasks").check();
  await expect(page.getByTestId("selection-count")).toHaveText("3 tasks selected");
  // The first one is already cancelled: it must be skipped, not fail the others.
  await page.getByRole("button", { name: "Cancel selected" }).click();

  await expect(
    page.getByRole("status").filter({ hasText: "Cancelled 2 tasks; skipped 1 (not pending or running)" }),
  ).toBeVisible();
  for (const id of ids) await expect(statusCell(page, id)).toHaveText("CANCELED");
  await expect(page.getByTestId("selection-bar")).toHaveCount(0);
});

test("cancel all matching: counts first, confirms, shows progress, and a repeat changes nothing", async ({
  page,
  api,
}) => {
  const word = uniquePayload("bulk");
  await api.create(Array.from({ length: 400 }, (_, i) => `${word}-${i + 1}`));
  await openTasks(page, `?q=${word}`);

  // Keyboard: the dialog takes focus, Escape closes it and focus returns to its button.
  const open = page.getByRole("button", { name: "Cancel all matching…" });
  await open.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Cancel all matching tasks" });
  await expect(dialog.getByTestId("bulk-count")).toHaveText(/^\d+$/);
  await expect(dialog).toContainText(`search “${word}”`);
  await expect(dialog.getByRole("button", { name: "Keep them" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  const counted = Number(await dialog.getByTestId("bulk-count").textContent());
  expect(counted).toBeGreaterThan(100); // 50 in flight at a time: most are still waiting
  await dialog.getByTestId("bulk-confirm").click();
  await expect(dialog.getByTestId("bulk-progress").getByRole("progressbar")).toBeVisible();
  await expect(dialog.getByTestId("bulk-result")).toHaveText(/^Done: cancelled \d+ tasks\.$/);
  const canceled = Number((await dialog.getByTestId("bulk-result").textContent())!.match(/\d+/)![0]);
  expect(canceled).toBeGreaterThan(100);
  await expect(
    page.getByRole("status").filter({ hasText: new RegExp(`^Cancelled ${canceled} tasks`) }),
  ).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();

  const stats = await api.stats(word);
  expect(stats).toMatchObject({ PENDING: 0, PROCESSING: 0, FAILED: 0 });
  expect(stats.CANCELED).toBeGreaterThanOrEqual(canceled);
  expect(stats.CANCELED + stats.COMPLETED).toBe(400);
  await expect(page.getByTestId("status-count-PENDING")).toHaveText("0");
  await expect(page.getByTestId("status-count-CANCELED")).toHaveText(stats.CANCELED.toLocaleString("en"));

  // Idempotent: asked again, there is nothing left to do.
  await open.click();
  await expect(dialog.getByTestId("bulk-summary")).toHaveText(
    "0 matching tasks are pending or running: nothing to do.",
  );
  await expect(dialog.getByTestId("bulk-confirm")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Close" }).click();
});

test("retry failed tasks: selected, and all failed matching the filter", async ({ page, api }, testInfo) => {
  const word = uniquePayload("retry");
  const [one, two, ok] = await api.create([`fail: ${word}-1`, `fail: ${word}-2`, `${word}-ok`]);
  await openTasks(page, `?q=${word}`);
  await expect(statusCell(page, one!)).toHaveText("FAILED", UNTIL_FAILED);
  await expect(statusCell(page, two!)).toHaveText("FAILED", UNTIL_FAILED);
  await expect(statusCell(page, ok!)).toHaveText("COMPLETED");

  await page.getByLabel(`Select task ${one}`).check();
  await expect(page.getByTestId("selection-count")).toHaveText("1 task selected");
  await snapshotBothThemes(page, testInfo, "tasks", true);
  await page.getByRole("button", { name: "Retry selected" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Retried 1 task" })).toBeVisible();
  await expect(statusCell(page, one!)).toHaveText(/^(PENDING|PROCESSING)$/);
  await expect(statusCell(page, two!)).toHaveText("FAILED");

  await page.getByRole("button", { name: "Retry failed matching…" }).click();
  const dialog = page.getByRole("dialog", { name: "Retry all failed matching tasks" });
  await expect(dialog.getByTestId("bulk-summary")).toHaveText("1 matching task is failed. Retry it?");
  await dialog.getByRole("button", { name: "Retry 1 task" }).click();
  await expect(dialog.getByTestId("bulk-result")).toHaveText("Done: retried 1 task.");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(statusCell(page, two!)).toHaveText(/^(PENDING|PROCESSING)$/);
});

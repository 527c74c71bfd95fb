import { randomBytes } from "node:crypto";
import { mutateFromPage, openTasks, snapshotBothThemes, statusCell, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";
import { signInAs, USER_PASSWORD } from "./sign-in";

// `sleep:` payloads run that long: a task that stays PROCESSING while the test deletes around it.
const RUNNING = "sleep:60000";

test("an admin deletes the finished ones of the selected tasks; running ones are skipped", async ({
  page,
  api,
}) => {
  const word = uniquePayload("delete-selected");
  const [done1, done2, running] = await api.create([`${word}-1`, `${word}-2`, `${RUNNING} ${word}-running`]);
  await api.cancel(done1!);
  await api.cancel(done2!);
  await openTasks(page, `?q=${word}`);
  await expect(statusCell(page, running!)).toHaveText(/^(PENDING|PROCESSING)$/);
  await expect(statusCell(page, done1!)).toHaveText("CANCELED");

  await page.getByLabel("Select all shown tasks").check();
  await expect(page.getByTestId("selection-count")).toHaveText("3 tasks selected");
  await page.getByRole("button", { name: "Delete selected…" }).click();
  await expect(page.getByTestId("delete-selected-prompt")).toContainText(
    "Delete the finished ones of 3 tasks for good?",
  );
  await page.getByTestId("delete-selected-confirm").click();

  await expect(
    page.getByRole("status").filter({ hasText: "Deleted 2 tasks; skipped 1 (not finished)" }),
  ).toBeVisible();
  await expect(page.getByTestId(/^task-row-\d+$/)).toHaveCount(1);
  await expect(statusCell(page, running!)).toBeVisible();
  expect(await api.stats(word)).toMatchObject({ CANCELED: 0, COMPLETED: 0 });
});

test("an admin deletes every finished task matching the filter, with the count confirmed", async ({
  page,
  api,
}, testInfo) => {
  const word = uniquePayload("delete-filter");
  const ids = await api.create([...[1, 2, 3, 4, 5].map((n) => `${word}-${n}`), `${RUNNING} ${word}-running`]);
  for (const id of ids.slice(0, 5)) await api.cancel(id);
  await openTasks(page, `?q=${word}`);
  await expect(page.getByTestId(/^task-row-\d+$/)).toHaveCount(6);

  await page.getByRole("button", { name: "Delete finished matching…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete all finished matching tasks" });
  await expect(dialog.getByTestId("bulk-summary")).toHaveText(
    "5 matching tasks are finished (completed, cancelled or failed). Delete them?",
  );
  await expect(dialog).toContainText(`search “${word}”`);
  await snapshotBothThemes(page, testInfo, "delete-finished", true);
  await dialog.getByRole("button", { name: "Delete 5 tasks" }).click();
  await expect(dialog.getByTestId("bulk-result")).toHaveText("Done: deleted 5 tasks.");
  await expect(page.getByRole("status").filter({ hasText: /^Deleted 5 tasks/ })).toBeVisible();
  await dialog.getByRole("button", { name: "Close" }).click();

  await expect(page.getByTestId(/^task-row-\d+$/)).toHaveCount(1);
  const stats = await api.stats(word);
  expect(stats.CANCELED + stats.COMPLETED + stats.FAILED).toBe(0);
  expect(stats.PENDING + stats.PROCESSING).toBe(1);

  // Asked again, nothing is left to delete.
  await page.getByRole("button", { name: "Delete finished matching…" }).click();
  await expect(dialog.getByTestId("bulk-summary")).toHaveText(
    "0 matching tasks are finished (completed, cancelled or failed): nothing to do.",
  );
  await dialog.getByRole("button", { name: "Close" }).click();
});

test("an operator sees no delete actions, and the server refuses them", async ({ browser, api }) => {
  const email = `e2e-operator-${randomBytes(3).toString("hex")}@example.com`;
  await api.createUser(email, USER_PASSWORD, "operator");
  const word = uniquePayload("delete-operator");
  const [id] = await api.create([`${word}-1`]);
  await api.cancel(id!);
  const page = await signInAs(browser, email);
  await openTasks(page, `?q=${word}`);
  await page.getByLabel(`Select task ${id}`).check();
  await expect(page.getByRole("button", { name: "Cancel selected" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete selected…" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete finished matching…" })).toHaveCount(0);

  const forced = await mutateFromPage(page, "tasks.delete", { ids: [id!] });
  expect(forced.status).toBe(403);
  expect(forced.body).toContain("needs the admin role");
  expect(await api.get(id!)).toMatchObject({ status: "CANCELED" });
  await page.context().close();
});

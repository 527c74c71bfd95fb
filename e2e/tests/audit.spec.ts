import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { snapshotBothThemes, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";
import { signInAs, USER_PASSWORD } from "./sign-in";

const rows = (page: Page) => page.getByTestId("audit-row");
const loadMore = (page: Page) => page.getByTestId("audit-load-more");
/** A call that went through: `ok`, or `accepted` where its row is stored before it runs. */
const DONE = /^(ok|accepted)$/;

/** Clicks "Load more" until every matching entry is shown; returns how many there are. */
async function loadAll(page: Page): Promise<number> {
  await expect(rows(page).first()).toBeVisible();
  while (await loadMore(page).isVisible()) {
    const shown = await rows(page).count();
    await loadMore(page).click();
    await expect(rows(page)).not.toHaveCount(shown);
  }
  return rows(page).count();
}

test("a task's timeline links to its audit entries, which filter and page", async ({
  page,
  api,
}, testInfo) => {
  const [id, other] = await api.create([uniquePayload("audit"), uniquePayload("audit-other")]);
  await api.cancel(id!);
  await api.cancel(other!);
  await api.client.tasks.retry.mutate({ id: other! }).catch(() => {}); // CONFLICT: only FAILED tasks retry
  // Refused cancels (CONFLICT: cancelled already) are audited too; 51 of them fill more than a page.
  for (let i = 0; i < 51; i++) await api.cancel(id!).catch(() => {});

  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("detail-status")).toHaveText("CANCELED");
  await page.getByRole("link", { name: "Audit entries for this task" }).click();
  await expect(page).toHaveURL(
    (url) => url.pathname === "/audit" && url.searchParams.get("taskId") === String(id),
  );
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByLabel("Task id", { exact: true })).toHaveValue(String(id));

  // Newest first, 50 to a page, then older ones down to the cancel that went through; only this task's.
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first()).toContainText("tasks.cancel");
  await expect(rows(page).first()).toContainText(`id=${id}`);
  await expect(rows(page).first()).toContainText("via API key");
  await expect(rows(page).first().getByTestId("audit-outcome")).toHaveText("CONFLICT");
  expect(await loadAll(page)).toBeGreaterThanOrEqual(52);
  await expect(rows(page).filter({ hasNotText: `id=${id}` })).toHaveCount(0);
  await expect(rows(page).last().getByTestId("audit-outcome")).toHaveText(DONE);

  // Filters go to the URL: the 51 refusals.
  await page.getByLabel("Outcome", { exact: true }).selectOption("CONFLICT");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get("outcome") === "CONFLICT");
  await expect(rows(page)).toHaveCount(50);
  expect(await loadAll(page)).toBe(51);

  // Opened directly, filtered by task and action area: the other task's cancel and refused retry.
  await page.goto(`/audit?taskId=${other}&action=tasks.`);
  await expect(page.getByLabel("Action", { exact: true })).toHaveValue("tasks.");
  await expect(rows(page).first()).toContainText("tasks.retry");
  await expect(rows(page).first().getByTestId("audit-outcome")).toHaveText("CONFLICT");
  await expect(rows(page).filter({ hasText: "tasks.cancel" }).getByTestId("audit-outcome")).toHaveText(DONE);
  await expect(rows(page).filter({ hasNotText: `id=${other}` })).toHaveCount(0);
  await snapshotBothThemes(page, testInfo, "audit", true);

  await page.goto(`/audit?taskId=${other}&outcome=FORBIDDEN`);
  await expect(page.getByTestId("audit-empty")).toHaveText("No audit entries match these filters.");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/audit" && url.search === "");
  await expect(rows(page).first()).toBeVisible();
});

test("a non-admin sees neither the audit page nor the timeline's link", async ({ browser, api }) => {
  const email = `e2e-operator-${randomBytes(3).toString("hex")}@example.com`;
  await api.createUser(email, USER_PASSWORD, "operator");
  const [id] = await api.create([uniquePayload("audit-operator")]);
  const page = await signInAs(browser, email);
  await expect(page.getByRole("link", { name: "Audit", exact: true })).toHaveCount(0);
  await page.goto(`/tasks/${id}`);
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Audit entries for this task" })).toHaveCount(0);
  await page.goto(`/audit?taskId=${id}`);
  await expect(page.getByText("Only admins can see this page.")).toBeVisible();
  await expect(rows(page)).toHaveCount(0);
  await page.context().close();
});

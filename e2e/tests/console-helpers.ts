import { randomBytes } from "node:crypto";
import { expect, type Page, type TestInfo } from "@playwright/test";

export const STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "CANCELED", "FAILED"] as const;
export type Status = (typeof STATUSES)[number];

/** A payload no other test (or earlier run) uses, so rows can be found by their text. */
export const uniquePayload = (label: string) => `e2e-${label}-${randomBytes(4).toString("hex")}`;

export const statusCell = (page: Page, id: number) => page.getByTestId(`task-status-${id}`);
export const cancelButton = (page: Page, id: number) =>
  page.getByRole("button", { name: `Cancel task ${id}` });
export const rowWithPayload = (page: Page, payload: string) =>
  page.getByTestId(/^task-row-\d+$/).filter({ has: page.getByText(payload, { exact: true }) });

/** The id of the (single) row showing `payload`, once it is in the table. */
export async function idOfRow(page: Page, payload: string): Promise<number> {
  const row = rowWithPayload(page, payload);
  await expect(row).toHaveCount(1);
  const testId = await row.getAttribute("data-testid");
  return Number(testId!.replace("task-row-", ""));
}

/** Creates one task through the form and returns its id once its row is shown. */
export async function createTask(page: Page, payload: string): Promise<number> {
  await page.getByLabel("Payload", { exact: true }).fill(payload);
  await page.getByRole("button", { name: "Create task" }).click();
  return idOfRow(page, payload);
}

/** The counts per status as shown, after they have loaded. */
export async function readCounts(page: Page): Promise<Record<Status, number>> {
  await expect(page.getByTestId("status-count-total")).toHaveText(/^[\d,]+$/);
  const entries = await Promise.all(
    STATUSES.map(async (s) => [s, toNumber(await page.getByTestId(`status-count-${s}`).textContent())]),
  );
  return Object.fromEntries(entries);
}

export const countCell = (page: Page, status: Status) => page.getByTestId(`status-count-${status}`);
export const formatCount = (n: number) => n.toLocaleString("en");
const toNumber = (text: string | null) => Number((text ?? "").replaceAll(",", ""));

/** Saves a full-page screenshot as a test artifact (in test-results/ and the HTML report). */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

import { randomBytes } from "node:crypto";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
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
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
  return path;
}

const DOCS_SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");

/**
 * Light and dark screenshots of the page as artifacts. `docs`: with DOCS_SCREENSHOTS=1 the light one
 * is also copied to docs/screenshots/<name>.png (the README shows those); ordinary runs leave the
 * tracked files alone.
 */
export async function snapshotBothThemes(page: Page, testInfo: TestInfo, name: string, docs = false) {
  await page.emulateMedia({ colorScheme: "light" });
  const light = await snapshot(page, testInfo, `${name}-light`);
  await page.emulateMedia({ colorScheme: "dark" });
  await snapshot(page, testInfo, `${name}-dark`);
  await page.emulateMedia({ colorScheme: "light" });
  if (docs && process.env.DOCS_SCREENSHOTS === "1") {
    await mkdir(DOCS_SCREENSHOTS, { recursive: true });
    await copyFile(light, join(DOCS_SCREENSHOTS, `${name}.png`));
  }
}

/**
 * Calls a tRPC mutation from the page with its session, as a user could whatever the console hides:
 * what the server answered.
 */
export async function mutateFromPage(page: Page, procedure: string, input: unknown) {
  return page.evaluate(
    async ({ procedure, input }) => {
      const response = await fetch(`/api/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: await response.text() };
    },
    { procedure, input },
  );
}

/** Opens the dashboard (the console's home page). */
export async function openDashboard(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}

/** Opens the tasks page (optionally with a URL query) once its list has loaded. */
export async function openTasks(page: Page, query = ""): Promise<void> {
  await page.goto(`/tasks${query}`);
  await expect(page.getByRole("heading", { name: "Tasks", exact: true })).toBeVisible();
  await expect(page.getByTestId("tasks-loading")).toHaveCount(0);
}

/** Types into the search box and waits until the URL carries the search. */
export async function search(page: Page, text: string): Promise<void> {
  await page.getByLabel("Search", { exact: true }).fill(text);
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === text);
}

/** The payloads of the rows shown, top to bottom. */
export const shownPayloads = (page: Page) =>
  page
    .getByTestId(/^task-row-\d+$/)
    .locator("td.payload")
    .allTextContents();

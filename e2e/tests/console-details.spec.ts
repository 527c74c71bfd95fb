import type { Page } from "@playwright/test";
import { openTasks, snapshotBothThemes, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/;
const RELATIVE = /(ago|now)$/;
const rows = (page: Page) => page.getByTestId(/^task-row-\d+$/);
const row = (page: Page, id: number) => page.getByTestId(`task-row-${id}`);
const rowIds = async (page: Page) =>
  (await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-task-id")))).map(Number);

test("times read relative, with the date and time at hand", async ({ page, api }) => {
  const tag = uniquePayload("times");
  const [id] = await api.create([tag]);
  await openTasks(page, `?q=${tag}`);
  const created = row(page, id!).locator("time").first();
  await expect(created).toHaveText(RELATIVE);
  await expect(created).toHaveAttribute("title", DATE_TIME);
  await expect(created).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);

  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("detail-created").locator(".time-relative")).toHaveText(RELATIVE);
  await expect(page.getByTestId("detail-created").locator(".time-absolute")).toHaveText(DATE_TIME);
  await expect(page.getByTestId("timeline-step").first().locator("time")).toHaveText(DATE_TIME);
});

test("a status count opens the list filtered by that status", async ({ page, api }) => {
  const tag = uniquePayload("counts");
  const [id] = await api.create([tag]);
  await api.cancel(id!);
  await page.goto("/");
  await page.getByRole("link", { name: /^List CANCELED: / }).click();
  await expect(page).toHaveURL(
    (url) => url.pathname === "/tasks" && url.searchParams.get("status") === "CANCELED",
  );
  await expect(page.getByTestId("status-filter")).toHaveValue("CANCELED");
  await expect(row(page, id!)).toBeVisible();

  // On the tasks page a count keeps the other filters, and works from the keyboard.
  await openTasks(page, `?q=${tag}`);
  await page.getByRole("link", { name: "List CANCELED: 1" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(
    (url) => url.searchParams.get("status") === "CANCELED" && url.searchParams.get("q") === tag,
  );
  await expect(page.getByRole("link", { name: "List CANCELED: 1" })).toHaveAttribute("aria-current", "page");
  await expect(rows(page)).toHaveCount(1);
});

test("paused live updates keep the rows still and count what is new", async ({ page, api }, testInfo) => {
  const tag = uniquePayload("pause");
  // `sleep:` work that outlasts the test: the first task can still be cancelled while paused.
  const [first] = await api.create([`sleep:60000 ${tag}-first`]);
  await openTasks(page, `?q=${tag}`);
  const firstStatus = page.getByTestId(`task-status-${first}`);
  await expect(firstStatus).toHaveText(/^(PENDING|PROCESSING)$/);

  const toggle = page.getByRole("button", { name: "Pause live updates" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("live-paused")).toHaveText("Paused: no new tasks");

  await api.cancel(first!);
  const [second] = await api.create([`${tag}-second`]);
  const fresh = page.getByRole("button", { name: "1 new" });
  await expect(fresh).toBeVisible();
  // The ticks for both changes have been seen (the count is live), yet the rows did not move.
  await expect(firstStatus).toHaveText(/^(PENDING|PROCESSING)$/);
  await expect(row(page, second!)).toHaveCount(0);
  expect(await rowIds(page)).toEqual([first]);
  await snapshotBothThemes(page, testInfo, "tasks-paused");

  await fresh.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(row(page, second!)).toBeVisible();
  await expect(firstStatus).toHaveText("CANCELED");
  expect(await rowIds(page)).toEqual([second, first]);
});

test.describe("copying from the detail page", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("a JSON payload is formatted and copied", async ({ page, api }, testInfo) => {
    const value = { image: "cat.png", sizes: [64, 128], tag: uniquePayload("json") };
    const [id] = await api.create([JSON.stringify(value)]);
    await page.goto(`/tasks/${id}`);
    const pretty = JSON.stringify(value, null, 2);
    await expect.poll(() => page.getByTestId("detail-payload").textContent()).toBe(pretty);

    await page.getByRole("button", { name: "Copy payload" }).click();
    await expect(page.getByRole("button", { name: "Copy payload" })).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pretty);
    await page.getByRole("button", { name: "Copy task id" }).click();
    await expect(page.getByRole("button", { name: "Copy task id" })).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(String(id));
    await expect(page.getByTestId("detail-status")).toHaveText("COMPLETED", { timeout: 15_000 });
    await snapshotBothThemes(page, testInfo, "task-detail-json");
  });

  test("text that is not JSON is shown as it is", async ({ page, api }) => {
    const payload = `${uniquePayload("text")}  {two spaces}\n  indented line`;
    const [id] = await api.create([payload]);
    await page.goto(`/tasks/${id}`);
    await expect.poll(() => page.getByTestId("detail-payload").textContent()).toBe(payload);
  });
});

test("keyboard: / searches, j/k move, Enter opens, c cancels after asking, ? lists the shortcuts", async ({
  page,
  api,
}, testInfo) => {
  const tag = uniquePayload("keys");
  // `sleep:` work that outlasts the test: both tasks can still be cancelled when `c` is pressed.
  const [older, newer] = await api.create([`sleep:60000 ${tag}-older`, `sleep:60000 ${tag}-newer`]);
  await openTasks(page, `?q=${tag}`);
  await expect(rows(page)).toHaveCount(2);
  const search = page.getByLabel("Search", { exact: true });

  await page.keyboard.press("/");
  await expect(search).toBeFocused();
  await expect(search).toHaveValue(tag); // the slash was not typed
  await page.keyboard.press("j"); // typing: no shortcut
  await expect(search).toHaveValue(`${tag}j`);
  await search.fill(tag);
  await search.blur();
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === tag);
  await expect(rows(page)).toHaveCount(2);

  await page.keyboard.press("j");
  await expect(row(page, newer!)).toBeFocused();
  await expect(row(page, newer!)).toHaveClass(/active/);
  await page.keyboard.press("j");
  await expect(row(page, older!)).toBeFocused();
  await page.keyboard.press("k");
  await expect(row(page, newer!)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/tasks/${newer}$`));
  await expect(page.getByRole("heading", { name: `Task #${newer}` })).toBeVisible();

  await page.goBack();
  await expect(rows(page)).toHaveCount(2);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(row(page, older!)).toBeFocused();
  await page.keyboard.press("c");
  const confirm = page.getByRole("dialog", { name: `Cancel task #${older}?` });
  await expect(confirm).toBeVisible();
  await page.keyboard.press("Escape"); // keeps it
  await expect(confirm).toBeHidden();
  await page.keyboard.press("c");
  await confirm.getByRole("button", { name: "Cancel task" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Cancelled task #${older}` })).toBeVisible();
  await expect(page.getByTestId(`task-status-${older}`)).toHaveText("CANCELED");
  expect((await api.get(older!)).status).toBe("CANCELED");
  await page.keyboard.press("c"); // no longer cancellable: nothing to ask
  await expect(confirm).toBeHidden();

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Open the task");
  await snapshotBothThemes(page, testInfo, "shortcuts", true);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});

test("the header links to Grafana and RabbitMQ management when configured", async ({ page }) => {
  await page.goto("/");
  const tools = page.getByRole("list", { name: "Operations tools" });
  await expect(tools).toBeHidden(); // behind "Ops"
  await page.getByText("Ops", { exact: true }).click();
  for (const [name, href] of [
    ["Grafana", "http://127.0.0.1:3001"],
    ["RabbitMQ", "http://127.0.0.1:15672"],
  ] as const) {
    const link = tools.getByRole("link", { name: new RegExp(`^${name}`) });
    await expect(link).toHaveAttribute("href", new RegExp(`^${href}/?$`));
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", /noopener/);
  }
  // The header stays on one line at 1280 px for an admin (the most links).
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-state", "live"); // settled
  const header = page.locator("header.app-header");
  const nav = (await header.getByRole("navigation", { name: "Main" }).boundingBox())!;
  const signOut = (await header.getByRole("button", { name: "Sign out" }).boundingBox())!;
  expect(Math.abs(signOut.y - nav.y), `nav at ${nav.y}, Sign out at ${signOut.y}`).toBeLessThan(20);
});

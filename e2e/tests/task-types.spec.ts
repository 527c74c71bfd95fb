import type { Locator, Page, Request } from "@playwright/test";
import { openTasks, snapshot, snapshotBothThemes } from "./console-helpers";
import { expect, test } from "./fixtures";
import { queryRunDatabase } from "./run-database";
import type { TasksApi } from "./tasks-api";

// Served by scripts/demo-worker.ts (started by e2e-server.mjs): counts to `to`, one step per
// `stepMs`, reporting progress at each step, and returns { counted }.
const TYPE = "demo.count";
const UNTIL_DONE = { timeout: 20_000 };

/** The demo worker starts once the run's database is migrated: wait until it serves its type. */
async function demoWorkerOnline(api: TasksApi) {
  await expect
    .poll(async () => (await api.client.taskTypes.list.query()).find((t) => t.type === TYPE)?.workersOnline, {
      timeout: 60_000,
    })
    .toBe(1);
}

/** Counts the create calls the page sends (tRPC batches name every procedure in the URL). */
function countCreates(page: Page): () => number {
  let creates = 0;
  page.on("request", (request: Request) => {
    if (/\/api\/trpc\/[^?]*tasks\.create(Many)?\b/.test(request.url())) creates++;
  });
  return () => creates;
}

/** Every distinct value the progress bar shows until `count` have been seen. */
async function expectProgressToMove(bar: Locator, count: number) {
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        const value = await bar.getAttribute("aria-valuenow", { timeout: 500 }).catch(() => null);
        if (value !== null) seen.add(value);
        return seen.size;
      },
      { timeout: 15_000, intervals: [200] },
    )
    .toBeGreaterThanOrEqual(count);
}

test.beforeEach(async ({ api }) => {
  await demoWorkerOnline(api);
});

test("a typed task from the form: input checked first, live progress, output, type filter and the types page", async ({
  page,
}, testInfo) => {
  await openTasks(page);
  const creates = countCreates(page);
  const form = page.getByTestId("create-task-form");
  await form.getByLabel("Type").selectOption(TYPE);
  const input = form.getByLabel("Input (JSON)");
  await expect(input).toHaveValue(/"to": 1/); // a starting point from the schema's required fields

  // Checked in the browser against the type's schema: the fields at fault, and nothing sent.
  await input.fill('{ "to": "ten", "stepMs": -5 }');
  await form.getByRole("button", { name: "Create task" }).click();
  const issues = form.getByTestId("input-issues");
  await expect(issues.getByRole("listitem")).toHaveText([
    "input/to must be integer",
    "input/stepMs -5 is less than 0",
  ]);
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await input.fill("{ to: 10 }");
  await form.getByRole("button", { name: "Create task" }).click();
  await expect(issues).toContainText("input is not valid JSON");
  expect(creates()).toBe(0);

  const sent = { to: 10, stepMs: 600 };
  await input.fill(JSON.stringify(sent));
  await form.getByRole("button", { name: "Create task" }).click();
  const created = page.getByRole("status").filter({ hasText: /Created task #\d+/ });
  await expect(created).toBeVisible();
  const id = Number(/#(\d+)/.exec((await created.textContent()) ?? "")![1]);
  expect(creates()).toBe(1);
  await expect(issues).toHaveCount(0);
  await expect(page.getByTestId(`task-type-${id}`)).toHaveText(TYPE);

  // The detail page: type, input, a progress bar that moves with its note, then the output.
  await page.getByRole("link", { name: `Open task ${id}` }).click();
  await expect(page.getByRole("heading", { name: `Task #${id}` })).toBeVisible();
  await expect(page.getByTestId("detail-type")).toHaveText(TYPE);
  await expect(page.getByTestId("detail-input")).toHaveText(JSON.stringify(sent, null, 2));
  const bar = page.getByRole("progressbar");
  await expect(bar).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId("detail-progress-message")).toHaveText(/^counted \d+ of 10$/);
  await snapshotBothThemes(page, testInfo, "task-detail-progress");
  await expectProgressToMove(bar, 2);
  await expect(page.getByTestId("detail-status")).toHaveText("COMPLETED", UNTIL_DONE);
  await expect(page.getByTestId("detail-output")).toHaveText(JSON.stringify({ counted: 10 }, null, 2));
  await expect(bar).toHaveCount(0);
  await expect(page.getByTestId("detail-last-error")).toHaveCount(0);

  // The list filtered by type (in the URL) shows it, and only tasks of that type.
  await openTasks(page);
  await page.getByTestId("task-filters").getByLabel("Type").selectOption(TYPE);
  await expect(page).toHaveURL((url) => url.searchParams.get("type") === TYPE);
  await expect(page.getByTestId(`task-row-${id}`)).toBeVisible();
  await expect
    .poll(async () => new Set(await page.getByTestId(/^task-type-\d+$/).allTextContents()))
    .toEqual(new Set([TYPE]));
  await expect(page.getByTestId("status-count-COMPLETED")).not.toHaveText("0");

  // The task types page: the worker online, the counts, durations and the schema.
  await page.getByRole("link", { name: "Task types", exact: true }).click();
  await expect(page).toHaveURL(/\/task-types$/);
  await expect(page.getByRole("heading", { name: "Task types" })).toBeVisible();
  const row = page.getByTestId(`type-row-${TYPE}`);
  await expect(row.getByTestId(`type-workers-${TYPE}`)).toHaveText("1");
  await expect(row.getByTestId(`type-count-${TYPE}-COMPLETED`)).toHaveText(/^[1-9][\d,]*$/);
  await expect(row.getByTestId(`type-p50-${TYPE}`)).toHaveText(/^\d+\.\d s$/);
  const schema = row.getByTestId(`type-input-schema-${TYPE}`);
  await expect(schema.locator("pre")).toBeHidden(); // collapsed until opened
  await schema.getByText(`Input schema of ${TYPE}`).click();
  await expect(schema.locator("pre")).toContainText('"required": [\n    "to"\n  ]');
  await expect(schema.locator("pre")).toContainText('"stepMs"');
  await expect(page.getByTestId("type-row-sleep")).toBeVisible();
  await snapshotBothThemes(page, testInfo, "task-types", true);
});

test("the API's refusal names the fields like the browser's check; a batch numbers its inputs", async ({
  page,
}, testInfo) => {
  // A console whose copy of the schema is out of date (a worker registered a stricter one since):
  // the browser lets the input through, the API refuses it with the fields at fault.
  await page.route(/\/api\/trpc\/[^?]*taskTypes\.list/, async (route) => {
    const response = await route.fetch();
    const procedures = new URL(route.request().url()).pathname.replace(/^\/api\/trpc\//, "").split(",");
    const results = (await response.json()) as {
      result: { data: { type: string; inputSchema: unknown }[] };
    }[];
    for (const type of results[procedures.indexOf("taskTypes.list")]?.result.data ?? []) {
      if (type.type === TYPE) type.inputSchema = {};
    }
    await route.fulfill({ response, json: results });
  });
  await openTasks(page);
  const form = page.getByTestId("create-task-form");
  await form.getByLabel("Type").selectOption(TYPE);
  await form.getByLabel("Input (JSON)").fill('{ "to": 0 }');
  await form.getByRole("button", { name: "Create task" }).click();
  await expect(form.getByTestId("input-issues")).toContainText(/input\/to \S/);
  await expect(form.getByRole("alert").filter({ hasText: "invalid input" })).toHaveCount(0);
  await page.unroute(/\/api\/trpc\/[^?]*taskTypes\.list/);

  const batch = page.getByTestId("create-batch-form");
  await batch.getByLabel("Type").selectOption(TYPE);
  await batch.getByLabel("Count").fill("3");
  const template = batch.getByLabel("Input template (JSON)");
  await template.fill('{ "to": {n}, "stepMs": "fast" }');
  await batch.getByRole("button", { name: "Create 3 tasks" }).click();
  await expect(batch.getByTestId("input-issues")).toContainText("items.0.input/stepMs must be integer");
  await expect(batch.getByTestId("input-issues").getByRole("listitem")).toHaveCount(3);
  await snapshot(page, testInfo, "typed-create-forms");
  await template.fill('{ "to": {n}, "stepMs": 10 }');
  await batch.getByRole("button", { name: "Create 3 tasks" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Created 3 tasks/ })).toBeVisible();
});

test("a type with waiting tasks and no worker online is flagged on both pages", async ({ page, api }) => {
  // A type registered as a worker would, but no worker serves it: its task stays PENDING.
  const unserved = "e2e.unserved";
  await queryRunDatabase(
    `INSERT INTO task_types (type, input_schema, registered_by) VALUES ($1, '{"type": "object"}', 'e2e')
     ON CONFLICT (type) DO NOTHING`,
    [unserved],
  );
  await api.client.tasks.create.mutate({ type: unserved, input: { any: "thing" } });

  const warning = `No worker for type ${unserved}: 1 task waits until a worker serving it starts.`;
  await page.goto("/task-types");
  await expect(page.getByTestId(`no-worker-${unserved}`)).toContainText(warning);
  await expect(page.getByTestId(`type-workers-${unserved}`)).toHaveText("0");
  await expect(page.getByTestId(`no-worker-${TYPE}`)).toHaveCount(0);

  await openTasks(page, `?type=${unserved}`);
  await expect(page.getByTestId("task-filters").getByLabel("Type")).toHaveValue(unserved);
  await expect(page.getByTestId(`no-worker-${unserved}`)).toContainText(warning);
  await api.cancelEverything();
  await expect(page.getByTestId(`no-worker-${unserved}`)).toHaveCount(0, { timeout: 15_000 });
});

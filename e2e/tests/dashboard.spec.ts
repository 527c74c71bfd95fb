import { openDashboard, snapshotBothThemes, uniquePayload } from "./console-helpers";
import { expect, test } from "./fixtures";

test("the dashboard shows counts, throughput, latency, queue depth and the consumer, live", async ({
  page,
  api,
}, testInfo) => {
  await openDashboard(page);
  await expect(page.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  // The consumer (type `sleep`) and the demo worker for typed tasks (scripts/demo-worker.ts).
  const consumers = page.getByTestId("consumer-row");
  await expect(consumers).toHaveCount(2);
  await expect(page.getByTestId("metric-consumers-online")).toHaveText("2");
  const consumer = consumers.filter({ hasNotText: "e2e-demo-worker" });
  await expect(consumer).toHaveCount(1);
  await expect(page.getByTestId("metric-queue-depth")).toHaveText(/^\d+$/);
  const completedBefore = Number(
    (await page.getByTestId("status-count-COMPLETED").textContent())!.replaceAll(",", ""),
  );

  // A task started elsewhere shows up live: running, then completed.
  const [id] = await api.create([uniquePayload("dashboard")]);
  await expect(page.getByTestId("status-count-PROCESSING")).toHaveText("1", { timeout: 2_000 });
  // The consumer's row names the task it runs now, linked to its page.
  await expect(
    consumer.getByTestId("consumer-running").getByRole("link", { name: `Open task ${id},` }),
  ).toHaveText(`#${id}`);
  await expect(page.getByTestId("status-count-COMPLETED")).toHaveText(
    (completedBefore + 1).toLocaleString("en"),
    {
      timeout: 15_000,
    },
  );
  expect((await api.get(id!)).status).toBe("COMPLETED");
  await expect(consumer.getByTestId("consumer-in-flight")).toHaveText("0");
  await expect(consumer.getByTestId("consumer-running")).toHaveText("—");
  await expect(page.getByTestId("metric-latency-p50")).toHaveText(/^\d+\.\d s$/);
  await expect(page.getByTestId("metric-latency-p95")).toHaveText(/^\d+\.\d s$/);
  await expect(page.getByTestId("throughput-summary")).toContainText(/[1-9]\d* completed/);
  const chart = page.getByTestId("throughput-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(chart.locator(".recharts-line-curve")).toBeVisible();
  await expect(chart.getByText("Completed", { exact: true })).toBeVisible(); // legend

  await snapshotBothThemes(page, testInfo, "dashboard", true);

  // Header navigation by keyboard.
  await page.getByRole("link", { name: "Tasks" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole("link", { name: "Tasks" })).toHaveAttribute("aria-current", "page");
});

test("the throughput range picks 15 min, 1 h, 24 h or 7 d, lands in the URL and survives a reload", async ({
  page,
  api,
}, testInfo) => {
  await api.create([uniquePayload("range")]);
  await page.goto("/");
  const heading = page.getByRole("heading", { name: /^Throughput, last / });
  await expect(heading).toHaveText("Throughput, last 15 minutes (per 30 s)");
  await expect(page.getByTestId("range-15m")).toHaveAttribute("aria-pressed", "true");

  for (const [range, text] of [
    ["1h", "Throughput, last 1 hour (per 2 min)"],
    ["24h", "Throughput, last 24 hours (per 1 h)"],
    ["7d", "Throughput, last 7 days (per 6 h)"],
  ] as const) {
    await page.getByTestId(`range-${range}`).click();
    await expect(page).toHaveURL((url) => url.searchParams.get("range") === range);
    await expect(heading).toHaveText(text);
    await expect(page.getByTestId(`range-${range}`)).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("throughput-summary")).toContainText(/[1-9]\d* created/);
  }
  await snapshotBothThemes(page, testInfo, "dashboard-7d");

  await page.reload();
  await expect(heading).toHaveText("Throughput, last 7 days (per 6 h)");
  await page.getByTestId("range-15m").click();
  await expect(page).toHaveURL((url) => !url.searchParams.has("range"));
  await expect(heading).toHaveText("Throughput, last 15 minutes (per 30 s)");
});

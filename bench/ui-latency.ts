/**
 * Status-change-to-screen latency of the console's task list: polling only (`/tasks?live=poll`)
 * against server events (`/tasks`, a tRPC subscription over SSE that triggers refetches).
 *
 * For each run: create a task through the API, wait until its row is on screen, arm a
 * MutationObserver on its status cell, cancel the task through the API, and measure from the cancel
 * response to the moment the cell reads CANCELED (both clocks are this machine's `Date.now()`).
 * A random pause before each cancel keeps the runs from locking onto the poll timer.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/tps_uilat TASK_QUEUE=task_queue_uilat \
 *     TASK_WORK_MS=60000 PORT=3500 CONSUMER_PORT=9568 npm start
 *   npm run bench:ui-latency -- --url http://localhost:3500 --runs 20
 *
 * Options: --url (http://localhost:3500), --runs N (20 per mode), --modes poll,sse.
 * TASK_WORK_MS must exceed a run (60 s is plenty) so that every task is still cancellable.
 */
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { createTasksClient } from "@tps/client";
import { chromiumLaunchOptions } from "../e2e/chromium";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3500" },
    runs: { type: "string", default: "20" },
    modes: { type: "string", default: "poll,sse" },
  },
});
const url = values.url.replace(/\/$/, "");
const runs = Number(values.runs);
const modes = values.modes.split(",").map((m) => (m.trim() === "poll" ? "poll" : "sse"));
const client = createTasksClient(`${url}/api/trpc`, { apiKey: process.env.TPS_API_KEY }); // an operator key

declare global {
  interface Window {
    seenCanceledAt?: number | null;
  }
}

/** Records (once) when the status cell of task `id` first reads CANCELED. */
function armObserver(page: Page, id: number) {
  return page.evaluate((testId) => {
    window.seenCanceledAt = null;
    const observer = new MutationObserver(() => {
      if (document.querySelector(`[data-testid="${testId}"]`)?.textContent === "CANCELED") {
        window.seenCanceledAt = Date.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  }, `task-status-${id}`);
}

async function measure(page: Page): Promise<number> {
  const task = await client.tasks.create.mutate({ payload: `ui-latency-${Date.now()}` });
  const cell = page.getByTestId(`task-status-${task.id}`);
  await cell.filter({ hasText: /^(PENDING|PROCESSING)$/ }).waitFor({ timeout: 10_000 });
  await armObserver(page, task.id);
  await new Promise((r) => setTimeout(r, 300 + Math.random() * 1_000));
  await client.tasks.cancel.mutate({ id: task.id });
  const answeredAt = Date.now();
  await page.waitForFunction(() => typeof window.seenCanceledAt === "number", undefined, { timeout: 10_000 });
  const seenAt = await page.evaluate(() => window.seenCanceledAt!);
  return seenAt - answeredAt;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  console.log(`${runs} runs per mode against ${url}; ms from the cancel response to CANCELED on screen\n`);
  console.log("mode".padEnd(28), "p50".padStart(7), "p95".padStart(7), "max".padStart(7), "min".padStart(7));
  for (const mode of modes) {
    const page = await browser.newPage();
    // The console needs a signed-in user: TPS_EMAIL / TPS_PASSWORD (any role).
    const signIn = await page.request.post(`${url}/api/auth/sign-in/email`, {
      data: { email: process.env.TPS_EMAIL, password: process.env.TPS_PASSWORD },
      headers: { origin: url },
    });
    if (!signIn.ok()) throw new Error(`sign-in failed (${signIn.status()}): set TPS_EMAIL and TPS_PASSWORD`);
    await page.goto(`${url}/tasks${mode === "poll" ? "?live=poll" : ""}`);
    const expected = mode === "poll" ? "polling" : "live";
    await page.locator(`[data-testid="live-state"][data-state="${expected}"]`).waitFor({ timeout: 10_000 });
    await measure(page); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await measure(page));
    times.sort((a, b) => a - b);
    const label = mode === "poll" ? "polling (1 s, ?live=poll)" : "SSE (tasks.onChange)";
    const cells = [pct(times, 0.5), pct(times, 0.95), times.at(-1)!, times[0]!];
    console.log(label.padEnd(28), ...cells.map((ms) => String(ms).padStart(7)));
    await page.close();
  }
} finally {
  await browser.close();
}

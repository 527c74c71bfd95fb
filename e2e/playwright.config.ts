import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium";

// Playwright evaluates this file in the runner and again in every worker. The run id is chosen once,
// in the runner, and reaches the workers (and the web server) through the environment.
process.env.E2E_RUN_ID ??= `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const runId = process.env.E2E_RUN_ID;
const port = 3100;

export default defineConfig({
  testDir: "tests",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1, // one database, one consumer: tests read exact counts
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    // `npm start`'s script (migrations, web, consumer) wrapped so that the run's database, queues and
    // Redis keys are removed once both apps have stopped. See scripts/e2e-server.mjs.
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    // start.mjs stops web and consumer on SIGTERM; the default (SIGKILL) would orphan them.
    gracefulShutdown: { signal: "SIGTERM", timeout: 60_000 },
    env: {
      DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/tps_e2e_${runId}`,
      TASK_QUEUE: `task_queue_e2e_${runId}`,
      PORT: String(port),
      CONSUMER_PORT: "9565",
      TASK_WORK_MS: "2500", // long enough to see PROCESSING and to cancel a running task
      // A `fail:` task fails after 3 attempts: 3 × 2.5 s of work plus 0.25 s and 0.5 s of backoff.
      RETRY_BASE_MS: "250",
      // 50 tasks in flight: a batch of a few hundred stays PENDING long enough to cancel it by filter.
      PREFETCH: "50",
      SHUTDOWN_GRACE_MS: "3000",
      START_SKIP_BUILD: "1", // `npm test` in this package builds first
      LOG_LEVEL: "warn",
    },
  },
});

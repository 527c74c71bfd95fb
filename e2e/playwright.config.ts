import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium";
import { ADMIN_STATE } from "./tests/auth-state";

// Playwright evaluates this file in the runner and again in every worker. The run id is chosen once,
// in the runner, and reaches the workers (and the web server) through the environment.
process.env.E2E_RUN_ID ??= `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const runId = process.env.E2E_RUN_ID;
// Overridable so two checkouts can run the suite at once (E2E_PORT=3200 E2E_CONSUMER_PORT=9665).
const port = Number(process.env.E2E_PORT || 3100);
const consumerPort = Number(process.env.E2E_CONSUMER_PORT || 9565);
// Simulated work per task. 2.5 s leaves time to see PROCESSING and to cancel a running task; on a
// crowded machine (page loads slower than that) E2E_TASK_WORK_MS=4000 keeps the timing tests honest.
process.env.E2E_TASK_WORK_MS ??= "2500";
// The run's first admin (ADMIN_EMAIL/ADMIN_PASSWORD, created at web start) and admin API key
// (ADMIN_API_KEY), chosen once in the runner and handed to the workers through the environment.
process.env.E2E_ADMIN_EMAIL ??= "e2e-admin@example.com";
process.env.E2E_ADMIN_PASSWORD ??= randomBytes(18).toString("base64url");
process.env.E2E_ADMIN_API_KEY ??= `tps_e2e_${randomBytes(24).toString("hex")}`;
process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;

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
  // `setup` signs the admin in once through the sign-in page; every other spec starts signed in.
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    {
      name: "chromium",
      testIgnore: /auth\.setup\.ts$/,
      dependencies: ["setup"],
      use: { storageState: ADMIN_STATE },
    },
  ],
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
      CONSUMER_PORT: String(consumerPort),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AUTH_URL: `http://127.0.0.1:${port}`,
      ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      ADMIN_API_KEY: process.env.E2E_ADMIN_API_KEY,
      TASK_TEST_HOOKS: "1", // `fail:` payloads fail (retry and FAILED tests)
      TASK_WORK_MS: process.env.E2E_TASK_WORK_MS, // long enough to see PROCESSING and to cancel a running task
      // A `fail:` task fails after 3 attempts: 3 × 2.5 s of work plus 0.25 s and 0.5 s of backoff.
      RETRY_BASE_MS: "250",
      // 50 tasks in flight: a batch of a few hundred stays PENDING long enough to cancel it by filter.
      PREFETCH: "50",
      SHUTDOWN_GRACE_MS: "3000",
      START_SKIP_BUILD: "1", // `npm test` in this package builds first
      API_PORT: "off", // the console calls the web's own routes: no dedicated API server needed
      LOG_LEVEL: "warn",
      // The console header links to these when set (console-details.spec.ts checks the links only).
      GRAFANA_URL: "http://127.0.0.1:3001",
      RABBITMQ_MANAGEMENT_URL: "http://127.0.0.1:15672",
    },
  },
});

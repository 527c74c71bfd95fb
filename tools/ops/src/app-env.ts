import { readRepoFile } from "./repo";

/**
 * The environment variables an app reads, taken from its `env.ts` (the one place each app reads
 * `process.env`): the keys of the object given to `parseEnv`, plus the shared keys when it spreads
 * `sharedEnv`. Reading the source keeps this test from executing the apps' configuration code.
 */
export function envKeysOf(file: string): string[] {
  const source = readRepoFile(file);
  const keys = new Set([...source.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
  if (source.includes("...sharedEnv")) {
    for (const key of envKeysOf("packages/infra/src/env.ts")) keys.add(key);
  }
  return [...keys].sort();
}

/** How every launcher runs the consumer: its V8 flags and the environment its runtime reads. */
export const CONSUMER_RUNTIME: { nodeFlags: string[]; env: Record<string, string> } = JSON.parse(
  readRepoFile("apps/consumer/node-runtime.json"),
);

/** The consumer's command line in the app image. */
export const CONSUMER_COMMAND = ["node", ...CONSUMER_RUNTIME.nodeFlags, "apps/consumer/dist/main.js"];

/** How every launcher runs the dedicated API server: its V8 flags. */
export const API_RUNTIME: { nodeFlags: string[] } = JSON.parse(readRepoFile("apps/web/api-runtime.json"));

/** The API server's command line in the app image. */
export const API_COMMAND = ["node", ...API_RUNTIME.nodeFlags, "api/apps/web/dist/api-server.js"];

/** What each compose service built from the app image reads from its environment. */
export const APP_ENV = {
  /** `next start`/the standalone server read PORT and HOSTNAME themselves. */
  web: [...envKeysOf("apps/web/src/server/env.ts"), "PORT", "HOSTNAME"],
  /** The dedicated API server (apps/web/src/api-server) parses the web's env.ts. */
  api: envKeysOf("apps/web/src/server/env.ts"),
  /**
   * Its own settings, the worker SDK's it hosts (packages/worker/src/settings.ts), and what its runtime reads (glibc's MALLOC_ARENA_MAX, from
   * apps/consumer/node-runtime.json).
   */
  consumer: [
    ...envKeysOf("apps/consumer/src/env.ts"),
    ...envKeysOf("packages/worker/src/settings.ts"),
    ...Object.keys(CONSUMER_RUNTIME.env),
  ],
  /** packages/db/scripts/deploy.mjs and prisma.config.ts. */
  migrate: ["DATABASE_URL"],
} as const;

/**
 * Right by default for the web and the API server alike (they share the same server code): SSO and
 * the metrics token off, rate, sign-in and request limits at their defaults.
 */
const WEB_AND_API_DEFAULTS = [
  "OIDC_ISSUER",
  "OIDC_CLIENT_ID",
  "OIDC_CLIENT_SECRET",
  "METRICS_TOKEN",
  "RATE_LIMIT_PER_SECOND",
  "RATE_LIMIT_BURST",
  // Per-role limits and sign-in limits at their defaults; no proxy trusted unless the deployment
  // names it (the console's address then is the peer's).
  "RATE_LIMITS",
  "TRUSTED_PROXIES",
  "SIGN_IN_FAILURES_PER_ACCOUNT",
  "SIGN_IN_FAILURES_PER_ADDRESS",
  "SIGN_IN_WINDOW_SECONDS",
  "API_MAX_BODY_BYTES",
  "API_MAX_IN_FLIGHT",
];

/**
 * Variables whose defaults are already right inside a container, so compose need not set them.
 * Everything else an app reads must be set explicitly (the defaults point at 127.0.0.1).
 */
export const DEFAULT_IS_RIGHT: Record<keyof typeof APP_ENV, string[]> = {
  // Optional features off (SSO, ADMIN_API_KEY, metrics token: scrapes stay on the compose network),
  // limits at their defaults; the image sets NODE_ENV itself. Unset, tracing is off: right wherever
  // no trace collector runs.
  web: [
    "NODE_ENV",
    "AUTH_TRUSTED_ORIGINS",
    "ADMIN_API_KEY",
    ...WEB_AND_API_DEFAULTS,
    // Only the API server listens on API_PORT (npm start runs one when it is set); compose and k8s run
    // it as its own service, and the web process ignores both.
    "API_PORT",
    "API_HOST",
    "API_WORKERS",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    // Console header links: none unless the deployment knows where its Grafana and RabbitMQ live.
    "GRAFANA_URL",
    "RABBITMQ_MANAGEMENT_URL",
  ],
  // The web bootstraps the first admin and ADMIN_API_KEY, and renders the console's tool links: the
  // API server reads those variables but never uses them. PORT only names the default AUTH_URL,
  // which deployments set. API_PORT must be set, so every replica listens where the probes look.
  api: [
    "NODE_ENV",
    "PORT",
    "API_HOST",
    "AUTH_TRUSTED_ORIGINS",
    "ADMIN_EMAIL",
    "ADMIN_PASSWORD",
    "ADMIN_API_KEY",
    ...WEB_AND_API_DEFAULTS,
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "GRAFANA_URL",
    "RABBITMQ_MANAGEMENT_URL",
  ],
  // CONSUMER_ID defaults to hostname-pid-random: unique per replica, which is what scaling needs.
  // WORK_LEDGER_FILE and TASK_TEST_HOOKS are for the test suites only (off in deployments).
  consumer: [
    "CONSUMER_ID",
    "PUBLISH_GRACE_MS",
    "RETRY_BASE_MS",
    "WORK_LEDGER_FILE",
    "TASK_TEST_HOOKS",
    // 256 KiB of output per task and progress written once a second suit any deployment.
    "TASK_OUTPUT_MAX_BYTES",
    "PROGRESS_INTERVAL_MS",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "METRICS_TOKEN",
    // Retention: 30 days, 1,000-row batches every 10 minutes suit any deployment; set them to change it.
    "RETENTION_DAYS",
    "RETENTION_BATCH",
    "RETENTION_PAUSE_MS",
    "RETENTION_INTERVAL_MS",
  ],
  migrate: [],
};

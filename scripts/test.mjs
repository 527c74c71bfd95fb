#!/usr/bin/env node
// `npm test`: lint, dependency rules, build, the packed packages (@tps/client and @tps/worker installed
// outside the repository), typecheck, unit + integration tests (vitest, real
// PostgreSQL/RabbitMQ/Redis), the fault-injection suite (real processes behind fault proxies) and the
// Playwright e2e suite (Debian Chromium). Every step runs even if an earlier one failed (except the
// fault suite and e2e, which need the build); the exit code is non-zero if anything failed, and the
// last line is the plain summary "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const reports = mkdtempSync(join(tmpdir(), "tps-test-"));
const failedSteps = [];
let passed = 0;
let failed = 0;

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(
    `=== ${name}: ${ok ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  if (!ok) failedSteps.push(name);
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

step("lint", "npx", ["biome", "check", "."]);
step("dependency rules", "npm", ["run", "--silent", "deps"]);
const built = step("build", "npx", ["turbo", "run", "build", "--output-logs=errors-only"]);
// The published packages as another team installs them: each is packed, installed in a temporary
// project outside the repository, type-checked and imported (no services needed).
step("packed packages", "npm", ["run", "verify:pack", "-w", "@tps/client", "-w", "@tps/worker"]);
step("typecheck", "npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"]);

const vitestJson = join(reports, "vitest.json");
step("unit + integration", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestJson}`,
]);
const vitest = readJson(vitestJson);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
} else {
  failed += 1;
}

if (built) {
  // Real web and consumer processes behind fault proxies (kill -9, SIGTERM, outages, poison);
  // FAULTS_REAL_RESTARTS=1 (set by .ci/run) adds real RabbitMQ, Redis and PostgreSQL restarts.
  const faultsJson = join(reports, "faults.json");
  step("fault injection", "npx", [
    "vitest",
    "run",
    "--config",
    "tools/faults/vitest.config.ts",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${faultsJson}`,
  ]);
  const faults = readJson(faultsJson);
  if (faults) {
    passed += faults.numPassedTests;
    failed += faults.numFailedTests;
  } else {
    failed += 1;
  }

  const e2eJson = join(reports, "e2e.json");
  step("e2e", "npm", ["run", "test", "-w", "@tps/e2e", "--", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
  });
  const e2e = readJson(e2eJson);
  if (e2e) {
    passed += e2e.stats.expected + e2e.stats.flaky;
    failed += e2e.stats.unexpected;
  } else {
    failed += 1;
  }
} else {
  failedSteps.push("e2e (skipped: build failed)");
}

console.log(`\nsteps failed: ${failedSteps.length ? failedSteps.join(", ") : "none"}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);

#!/usr/bin/env node
// `npm test`: lint, dependency rules, build, the packed packages (@tps/client and @tps/worker installed
// outside the repository), typecheck, unit + integration tests (vitest, real
// PostgreSQL/RabbitMQ/Redis), the fault-injection suite (real processes behind fault proxies) and the
// Playwright e2e suite (Debian Chromium). Every step runs even if an earlier one failed (except the
// fault suite and e2e, which need the build); the exit code is non-zero if anything failed, and the
// last line is the plain summary "N passed, F failed, S skipped": F counts failed tests and every
// failed step that reported no failed test of its own (lint, build, a runner that never reported);
// every skipped test is listed by name above it.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Every step inherits this environment: no usage reports from turbo or Next.js (Next's build runs
// inside turbo's). A value already set by the caller is kept.
process.env.TURBO_TELEMETRY_DISABLED ??= "1";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const reports = mkdtempSync(join(tmpdir(), "tps-test-"));
const failedSteps = [];
let passed = 0;
let failed = 0;
/** Every skipped test, by name: a skip is counted and shown, never silent. */
const skipped = [];

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

/**
 * Steps that share nothing, run at once (their output is printed whole, one step after the other,
 * once each ends). Resolves with each step's success, in order.
 */
async function together(...steps) {
  return Promise.all(
    steps.map(
      ([name, command, args]) =>
        new Promise((resolve) => {
          const started = Date.now();
          const child = spawn(command, args, { cwd: root, env: process.env });
          let output = "";
          child.stdout.on("data", (chunk) => {
            output += chunk;
          });
          child.stderr.on("data", (chunk) => {
            output += chunk;
          });
          child.on("close", (status, signal) => {
            const ok = status === 0;
            const took = ((Date.now() - started) / 1000).toFixed(1);
            console.log(`\n=== ${name}: ${command} ${args.join(" ")}\n${output.trimEnd()}`);
            console.log(`=== ${name}: ${ok ? "ok" : `FAILED (exit ${status ?? signal})`} in ${took}s`);
            if (!ok) failedSteps.push(name);
            resolve(ok);
          });
        }),
    ),
  );
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

await together(
  ["lint", "npx", ["biome", "check", "."]],
  ["dependency rules", "npm", ["run", "--silent", "deps"]],
);
const built = step("build", "npx", ["turbo", "run", "build", "--output-logs=errors-only"]);
// The published packages as another team installs them: each is packed, installed in a temporary
// project outside the repository, type-checked and imported (no services needed). Alongside the
// typecheck: both only read the built tree.
await together(
  ["packed packages", "npm", ["run", "verify:pack", "-w", "@tps/client", "-w", "@tps/worker"]],
  ["typecheck", "npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"]],
);

const vitestJson = join(reports, "vitest.json");
step("unit + integration", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestJson}`,
]);
/** Steps whose failed tests are already counted (their failure is not counted again). */
const reportedFailures = new Set();

/** Adds a vitest JSON report's counts; its skipped tests are named. */
function countVitest(report, label, stepName) {
  if (!report) return false;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  if (report.numFailedTests > 0) reportedFailures.add(stepName);
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === "pending" || test.status === "skipped" || test.status === "todo") {
        skipped.push(`${label}: ${test.fullName ?? test.title}`);
      }
    }
  }
  return true;
}
countVitest(readJson(vitestJson), "vitest", "unit + integration");

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
  countVitest(readJson(faultsJson), "faults", "fault injection");

  const e2eJson = join(reports, "e2e.json");
  step("e2e", "npm", ["run", "test", "-w", "@tps/e2e", "--", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
  });
  const e2e = readJson(e2eJson);
  if (e2e) {
    passed += e2e.stats.expected + e2e.stats.flaky;
    failed += e2e.stats.unexpected;
    if (e2e.stats.unexpected > 0) reportedFailures.add("e2e");
    const walk = (suite, path) => {
      for (const spec of suite.specs ?? []) {
        if (spec.tests?.some((t) => t.status === "skipped"))
          skipped.push(`e2e: ${[...path, spec.title].join(" > ")}`);
      }
      for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
    };
    for (const suite of e2e.suites ?? []) walk(suite, [suite.title]);
  }
} else {
  failedSteps.push("e2e (skipped: build failed)");
}

// A step that failed (lint, build, typecheck, a report that was never written, a server that never
// started) counts as one failure of its own, on top of the failed tests it reported.
failed += failedSteps.filter((name) => !reportedFailures.has(name)).length;
if (skipped.length) console.log(`\nskipped (${skipped.length}):\n  ${skipped.join("\n  ")}`);
console.log(`\nsteps failed: ${failedSteps.length ? failedSteps.join(", ") : "none"}`);
console.log(`${passed} passed, ${failed} failed, ${skipped.length} skipped`);
process.exit(failed > 0 ? 1 : 0);

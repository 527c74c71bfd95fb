import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT as repoRoot } from "./repo";

/** Cruises one file with the project's rules; returns depcruise's exit code and report. */
function cruise(file: string, source: string) {
  const path = join(repoRoot, file);
  writeFileSync(path, source);
  try {
    const result = spawnSync(
      join(repoRoot, "node_modules/.bin/depcruise"),
      [file, "--config", ".dependency-cruiser.cjs", "--output-type", "err"],
      { cwd: repoRoot, encoding: "utf8" },
    );
    return { status: result.status, report: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(path, { force: true });
  }
}

describe("dependency rules (npm run deps)", () => {
  it.each([
    [
      "the core imports infrastructure",
      "packages/core/src",
      'import { Redis } from "ioredis";',
      "core-imports-no-infrastructure",
    ],
    [
      "the consumer imports the tRPC layer",
      "apps/consumer/src",
      'import { appRouter } from "@tps/api";',
      "consumer-worker-and-infra-never-depend-on-the-api",
    ],
    [
      "the consumer imports tRPC itself",
      "apps/consumer/src",
      'import { initTRPC } from "@trpc/server";',
      "consumer-worker-and-infra-never-depend-on-the-api",
    ],
    [
      "infra imports the tRPC layer",
      "packages/infra/src",
      'import { appRouter } from "@tps/api";',
      "consumer-worker-and-infra-never-depend-on-the-api",
    ],
    [
      "the worker SDK imports the tRPC layer",
      "packages/worker/src",
      'import { appRouter } from "@tps/api";',
      "consumer-worker-and-infra-never-depend-on-the-api",
    ],
    [
      "the published client loads the worker SDK at run time",
      "packages/client/src",
      'import { defineTask } from "@tps/worker";',
      "published-client-pulls-no-server-code",
    ],
  ])(
    "fail when %s",
    (_, folder, line, rule) => {
      const { status, report } = cruise(
        `${folder}/deliberate-violation.ts`,
        `${line}\nexport const used = [${line.match(/\{ (\w+) \}/)![1]}];\n`,
      );
      expect(status).not.toBe(0);
      expect(report).toContain(rule);
    },
    30_000,
  );

  it("pass on a file that keeps them", () => {
    const { status } = cruise(
      "packages/core/src/deliberate-violation.ts",
      'import { z } from "zod";\nexport const schema = z.string();\n',
    );
    expect(status).toBe(0);
  }, 30_000);
});

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
  it("fail when the core imports infrastructure", () => {
    const { status, report } = cruise(
      "packages/core/src/deliberate-violation.ts",
      'import { Redis } from "ioredis";\nexport const client = Redis;\n',
    );
    expect(status).not.toBe(0);
    expect(report).toContain("core-imports-no-infrastructure");
  }, 30_000);

  it("fail when the consumer depends on the tRPC layer", () => {
    const { status, report } = cruise(
      "apps/consumer/src/deliberate-violation.ts",
      'import { appRouter } from "@tps/api";\nexport const router = appRouter;\n',
    );
    expect(status).not.toBe(0);
    expect(report).toContain("consumer-does-not-depend-on-the-api");
  }, 30_000);

  it("pass on a file that keeps them", () => {
    const { status } = cruise(
      "packages/core/src/deliberate-violation.ts",
      'import { z } from "zod";\nexport const schema = z.string();\n',
    );
    expect(status).toBe(0);
  }, 30_000);
});

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, readRepoFile } from "./repo";

/**
 * Cycles that go through type-only imports, found when this check was added. Each is one to untangle
 * (usually by moving a shared type to the module both sides already import); the list may only shrink:
 * a new cycle fails, and so does one that is gone (take it off the list).
 */
const KNOWN = [
  "apps/web/src/server/rest/idempotency-header.ts → apps/web/src/server/rest/rest-routes.ts",
  "packages/api/src/access.ts → packages/api/src/trpc/rate-limit.ts",
  "packages/core/src/ports.ts → packages/core/src/schedule-ports.ts",
  "packages/core/src/ports.ts → packages/core/src/use-cases/task-intake.ts → packages/core/src/use-cases/create-tasks.ts → packages/core/src/use-cases/publish-now.ts",
  "packages/core/src/ports.ts → packages/core/src/use-cases/task-intake.ts → packages/core/src/use-cases/publish-now.ts",
];

interface Violation {
  rule: { name: string };
  cycle?: { name: string }[];
}

/** A cycle written from its alphabetically first module, so the same cycle always reads the same. */
function canonical(modules: string[]): string {
  const first = modules.indexOf([...modules].sort()[0] ?? "");
  return [...modules.slice(first), ...modules.slice(0, first)].join(" → ");
}

/** The folders `npm run deps` cruises, read from its script so the two stay the same. */
function cruisedFolders(): string[] {
  const { scripts } = JSON.parse(readRepoFile("package.json")) as { scripts: { deps: string } };
  const args = scripts.deps.split(/\s+/);
  return args.slice(args.indexOf("depcruise") + 1, args.indexOf("--config"));
}

describe("type-only import cycles", () => {
  it("are only the known ones", () => {
    const result = spawnSync(
      join(REPO_ROOT, "node_modules/.bin/depcruise"),
      [
        ...cruisedFolders(),
        "--config",
        "tools/ops/src/type-cycles.dependency-cruiser.cjs",
        "--output-type",
        "json",
      ],
      { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
    );
    const report = JSON.parse(result.stdout) as { summary: { violations: Violation[] } };
    const found = [
      ...new Set(
        report.summary.violations
          .filter((violation) => violation.rule.name === "no-type-only-cycles" && violation.cycle)
          .map((violation) => canonical(violation.cycle!.map((step) => step.name))),
      ),
    ].sort();
    expect({
      new: found.filter((cycle) => !KNOWN.includes(cycle)),
      gone: KNOWN.filter((cycle) => !found.includes(cycle)),
    }).toEqual({ new: [], gone: [] });
  }, 120_000);
});

import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./repo";

/**
 * The rules for @tps/api and for client components (.dependency-cruiser.cjs), each seen failing on a
 * deliberate violation. The client-component rule starts from the files that begin with "use client",
 * so the same imports without the directive must pass it.
 */
function cruiseWith(file: string, lines: string[]) {
  const path = join(REPO_ROOT, file);
  const names = lines.map((line) => line.match(/import \{ (\w+) \}/)?.[1]).filter(Boolean);
  writeFileSync(path, `${lines.join("\n")}\nexport const used = [${names.join(", ")}];\n`);
  try {
    const result = spawnSync(
      join(REPO_ROOT, "node_modules/.bin/depcruise"),
      [file, "--config", ".dependency-cruiser.cjs", "--output-type", "err"],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    return `${result.stdout}${result.stderr}`;
  } finally {
    rmSync(path, { force: true });
  }
}

const API = "api-is-trpc-only";
const CLIENT = "client-components-pull-no-server-code";

/** The report's lines for `rule` that point at a module matching `target`. */
const hits = (report: string, rule: string, target: RegExp) =>
  report.split("\n").filter((line) => line.includes(`${rule}:`) && target.test(line));

describe("boundary rules (npm run deps)", () => {
  // One deliberate file per rule, holding every kind of violation: each cruise takes seconds.
  it("@tps/api imports no HTTP server, Next.js or REST code", () => {
    const report = cruiseWith("packages/api/src/deliberate-violation.ts", [
      'import { createServer } from "node:http";',
      'import { NextResponse } from "next/server";',
      'import { restRoutes } from "../../../apps/web/src/server/rest/rest-routes";',
    ]);
    for (const target of [/→ (node:)?http$/, /→ node_modules\/next\//, /→ apps\/web\/src\/server\/rest\//])
      expect(hits(report, API, target), String(target)).not.toEqual([]);
  }, 60_000);

  it("a client component reaches no adapters, drivers, Node builtins or server code", () => {
    // Outside components/: the rule follows the directive, not a folder.
    const report = cruiseWith("apps/web/src/lib/deliberate-violation.ts", [
      '"use client";',
      'import { createLogger } from "@tps/infra";',
      'import { readFileSync } from "node:fs";',
      'import { env } from "@/server/env";',
      'import { Redis } from "ioredis";',
    ]);
    for (const target of [
      /→ packages\/infra\//,
      /→ (node:)?fs$/,
      /→ apps\/web\/src\/server\//,
      /→ node_modules\/ioredis\//,
    ])
      expect(hits(report, CLIENT, target), String(target)).not.toEqual([]);
  }, 60_000);

  it("server modules without the directive are not client components", () => {
    const report = cruiseWith("apps/web/src/lib/deliberate-violation.ts", [
      'import { readFileSync } from "node:fs";',
    ]);
    expect(report).not.toContain(CLIENT);
  }, 30_000);
});

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./repo";

/** Small files with one purpose: a source file over this many lines is split into cohesive modules. */
const MAX_LINES = 300;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|css)$/;
/** Build output, should any of it ever be committed: generated, not written by hand. */
const GENERATED = /(^|\/)(dist|\.next|node_modules)\//;

/** Lines as an editor numbers them: a final newline does not start another line. */
function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

function trackedSources(): string[] {
  const listed = spawnSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  return (
    listed.stdout
      .split("\0")
      .filter((path) => SOURCE.test(path) && !GENERATED.test(path))
      // Tracked but deleted in the working tree (a split not yet committed): nothing to measure.
      .filter((path) => existsSync(join(REPO_ROOT, path)))
  );
}

describe("source file size", () => {
  it(`keeps every tracked source file at ${MAX_LINES} lines or fewer`, () => {
    const files = trackedSources();
    expect(files.length, "git ls-files found no source files").toBeGreaterThan(100);
    const over = files
      .map((path) => ({ path, lines: lineCount(readFileSync(join(REPO_ROOT, path), "utf8")) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .sort((a, b) => b.lines - a.lines)
      .map(({ path, lines }) => `${path}: ${lines} lines`);
    expect(over, `split these files (at most ${MAX_LINES} lines each)`).toEqual([]);
  });

  it("counts lines as an editor does", () => {
    expect([lineCount(""), lineCount("a"), lineCount("a\n"), lineCount("a\nb"), lineCount("a\n\n")]).toEqual([
      0, 1, 1, 2, 2,
    ]);
  });
});

// What scripts/run-example.mjs and scripts/run-worker-example.mjs share: both copy an example out of
// the repository, install it from packed tarballs and build it, as a team outside the monorepo would.
// Imported whole (`import * as example`), so a call says where it comes from: `example.setUp(…)`.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root directory. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs a command with its output on this terminal; throws (with `status`) when it exits non-zero. */
export const run = (cmd, args, cwd, env = process.env) =>
  execFileSync(cmd, args, { cwd, env, stdio: "inherit" });

/** The tRPC URL an example talks to: `--url`, else TPS_URL, else the local system's. */
export const trpcUrl = (url) => url ?? process.env.TPS_URL ?? "http://127.0.0.1:3000/api/trpc";

/** The exit code for a failure: a failed command's own status, else 1. */
export const exitCodeOf = (error) => (typeof error?.status === "number" ? error.status : 1);

/** A new directory in the system temp directory: outside the repository, so no workspace package leaks in. */
export const outsideDir = (prefix) => mkdtempSync(join(tmpdir(), prefix));

/** Removes the example's directory, or, asked to keep it, says where it is. */
export function removeUnlessKept(dir, keep) {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/**
 * Sets up examples/`name` in `dir` as a team outside the monorepo would: copies it without what an
 * install or build left in the repository's copy (node_modules, dist) or its vendored tarballs, lets
 * `pack(vendor)` put the packages' tarballs in its vendor folder (the example's dependencies point
 * there), then installs and builds it.
 */
export function setUp(name, dir, pack) {
  const source = join(root, "examples", name);
  const skip = new Set(["node_modules", "dist", "vendor"]);
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !skip.has(path.slice(source.length + 1).split("/")[0]),
  });
  pack(join(dir, "vendor"));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir);
  run("npm", ["run", "build"], dir);
}

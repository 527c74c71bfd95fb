#!/usr/bin/env node
// Runs examples/tasks-service the way a user outside the monorepo would: packs @tps/client, copies
// the example to a temporary directory outside the repository, installs it from the tarball and
// runs it against a running system. Usage: node scripts/run-example.mjs [--url URL] [--keep]
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { url: { type: "string" }, keep: { type: "boolean", default: false } },
});
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "examples/tasks-service");
const dir = mkdtempSync(join(tmpdir(), "tps-example-"));
const run = (cmd, args, cwd, env = process.env) => execFileSync(cmd, args, { cwd, env, stdio: "inherit" });
let code = 0;

try {
  const skip = new Set(["node_modules", "dist", "vendor"]);
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !skip.has(path.slice(source.length + 1).split("/")[0]),
  });
  mkdirSync(join(dir, "vendor"));
  run("npm", ["pack", "-w", "@tps/client", "--pack-destination", join(dir, "vendor")], root);
  const tarball = readdirSync(join(dir, "vendor")).find((f) => f.endsWith(".tgz"));
  const pkgPath = join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
  pkg.dependencies["@tps/client"] = `file:vendor/${tarball}`;
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir);
  run("npm", ["run", "build"], dir);
  const env = {
    ...process.env,
    TPS_URL: values.url ?? process.env.TPS_URL ?? "http://127.0.0.1:3000/api/trpc",
  };
  console.log(`\nrunning the example in ${dir} against ${env.TPS_URL}\n`);
  run("npm", ["start", "--silent"], dir, env);
} catch (error) {
  code = typeof error?.status === "number" ? error.status : 1;
} finally {
  if (values.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
process.exit(code);

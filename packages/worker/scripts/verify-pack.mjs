#!/usr/bin/env node
// Packs @tps/worker, installs the tarball with its peer zod and TypeScript into a fresh project in the
// system temp directory (outside the repository, so no workspace package can leak in), type-checks
// consumer-fixture.ts with tsc (`strict`, and `skipLibCheck: false`: the bundled index.d.ts and what
// it imports must check cleanly), and imports the package at run time: defines a task and creates a
// worker without starting it, so no PostgreSQL, RabbitMQ or Redis is needed.
// Usage: node scripts/verify-pack.mjs [--keep]
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const root = join(packageDir, "../..");
const dir = mkdtempSync(join(tmpdir(), "tps-worker-verify-"));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: "inherit" });
const keep = process.argv.includes("--keep");
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

try {
  run("npm", ["pack", "--pack-destination", dir], packageDir);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  const manifest = readJson(join(packageDir, "package.json"));
  const typescript = readJson(join(root, "package.json")).devDependencies.typescript;
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: "tps-worker-consumer",
        private: true,
        type: "module",
        // What a service installs: the package and its peer, at the range the package asks for.
        dependencies: { "@tps/worker": `file:./${tarball}`, zod: manifest.peerDependencies.zod },
        devDependencies: { typescript, "@types/node": "^20.19.0" },
        // @prisma/client's postinstall generates a client; the worker bundles its own, so skip it.
        allowScripts: { "@prisma/client": false },
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ["node"],
      },
      files: ["consumer.ts"],
    }),
  );
  cpSync(join(here, "consumer-fixture.ts"), join(dir, "consumer.ts"));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir);
  run("npx", ["tsc", "-p", "."], dir);
  console.log(
    "tsc: the packed declarations type-check outside the repository (strict, without skipLibCheck)",
  );

  const probe = `import { createWorker, defineTask, isNonRetryable, NonRetryableError } from "@tps/worker";
import { z } from "zod";
const echo = defineTask({ type: "echo", input: z.object({ text: z.string() }), run: async ({ text }) => ({ text }) });
const refused = (() => { try { defineTask({ type: "Bad Name", input: z.object({}), run: async () => {} }); } catch (e) { return e; } })();
if (!(refused instanceof TypeError)) { console.error("a bad type name was accepted", refused); process.exit(1); }
const worker = createWorker({ tasks: [echo], env: {} });
const health = await worker.health();
if (health.ok !== false || health.state !== "not started" || worker.inFlight !== 0) { console.error(health); process.exit(1); }
await worker.stop();
if (!isNonRetryable(new NonRetryableError("no"))) process.exit(1);
console.log("runtime: imports, defines a task and creates a worker", worker.id, "(not started)");`;
  writeFileSync(join(dir, "probe.mjs"), probe);
  run("node", ["probe.mjs"], dir);
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

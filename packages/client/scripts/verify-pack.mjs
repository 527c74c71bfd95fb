#!/usr/bin/env node
// Packs @tps/client, installs the tarball into a fresh project in the system temp directory (outside
// the repository, so no workspace package can leak in), type-checks consumer-fixture.ts with tsc
// (strict) and imports the package at runtime. tsc runs twice: with skipLibCheck (what consumers
// use), and without it, where only errors in @trpc/server's own declarations are tolerated (they
// mention `ws` types that are not installed): our bundled .d.ts must check cleanly.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, "..");
const dir = mkdtempSync(join(tmpdir(), "tps-client-verify-"));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: "inherit" });
const keep = process.argv.includes("--keep");

try {
  run("npm", ["pack", "--pack-destination", dir], packageDir);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  const typescript = JSON.parse(
    execFileSync("npm", ["pkg", "get", "devDependencies.typescript"], {
      cwd: join(packageDir, "../.."),
      encoding: "utf8",
    }),
  );
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: "tps-client-consumer",
        private: true,
        type: "module",
        dependencies: { "@tps/client": `file:./${tarball}` },
        devDependencies: { typescript, "@types/node": "^20.19.0" },
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
        skipLibCheck: true,
        types: ["node"],
      },
      files: ["consumer.ts"],
    }),
  );
  cpSync(join(here, "consumer-fixture.ts"), join(dir, "consumer.ts"));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir);
  run("npx", ["tsc", "-p", "."], dir);
  const strict = spawnSync("npx", ["tsc", "-p", ".", "--skipLibCheck", "false"], {
    cwd: dir,
    encoding: "utf8",
  });
  const ours = strict.stdout
    .split("\n")
    .filter((line) => /error TS/.test(line) && !line.startsWith("node_modules/@trpc/"));
  if (ours.length > 0) throw new Error(`declarations fail a full lib check:\n${ours.join("\n")}`);
  console.log("tsc: the packed declarations type-check outside the repository (also without skipLibCheck)");
  const probe = `import { createTasksClient, outputOf, TaskFailedError, UnavailableError } from "@tps/client";
if (typeof outputOf !== "function" || typeof TaskFailedError !== "function") process.exit(1);
const client = createTasksClient("http://127.0.0.1:9", { retry: { attempts: 1, baseMs: 0 } });
const error = await client.tasks.stats.query().catch((e) => e);
if (!(error instanceof UnavailableError)) { console.error(error); process.exit(1); }
const triggered = await client.triggerAndWait("math.add", { a: 1, b: 2 }).catch((e) => e);
if (!(triggered instanceof UnavailableError)) { console.error(triggered); process.exit(1); }
console.log("runtime: imports, calls (trigger included) and rejects with", error.name);`;
  writeFileSync(join(dir, "probe.mjs"), probe);
  run("node", ["probe.mjs"], dir);
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

#!/usr/bin/env node
// Runs examples/worker-service the way a team outside the monorepo would: packs @tps/client and
// @tps/worker, copies the example to a temporary directory outside the repository, installs it from
// the two tarballs, builds it, starts its worker against the running system's PostgreSQL, RabbitMQ
// and Redis, runs its client (which triggers http.check and file.hash and prints their typed
// outputs), stops the worker and removes the directory.
//
//   node scripts/run-worker-example.mjs [--url TRPC_URL] [--check-url URL] [--file PATH] [--keep]
//   node scripts/run-worker-example.mjs --prepare           # pack both into examples/worker-service/vendor
//   node scripts/run-worker-example.mjs --setup-only --dir DIR   # copy, pack, install and build into DIR
//
// The worker reads DATABASE_URL, RABBITMQ_URL, REDIS_URL and TASK_QUEUE (the system's own; local
// defaults otherwise); the client reads TPS_API_KEY.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as example from "./example-run.mjs";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    "check-url": { type: "string" },
    file: { type: "string" },
    dir: { type: "string" },
    keep: { type: "boolean", default: false },
    prepare: { type: "boolean", default: false },
    "setup-only": { type: "boolean", default: false },
  },
});

/** Packs both packages into `vendor` under the names the example's package.json uses. */
function packInto(vendor) {
  mkdirSync(vendor, { recursive: true });
  for (const [folder, name] of [
    ["packages/client", "tps-client.tgz"],
    ["packages/worker", "tps-worker.tgz"],
  ]) {
    const manifest = JSON.parse(readFileSync(join(example.root, folder, "package.json"), "utf8"));
    example.run("npm", ["pack", "--pack-destination", vendor], join(example.root, folder));
    // npm names the tarball @scope/name@version → scope-name-version.tgz.
    const packed = `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`;
    renameSync(join(vendor, packed), join(vendor, name));
  }
}

if (values.prepare) {
  packInto(join(example.root, "examples/worker-service/vendor"));
  process.exit(0);
}

const dir = values.dir ?? example.outsideDir("tps-worker-example-");
const keep = values.keep || values.dir !== undefined;
let code = 0;
let worker = null;

try {
  example.setUp("worker-service", dir, packInto);
  if (!values["setup-only"]) {
    const tpsUrl = example.trpcUrl(values.url);
    console.log(`\nrunning the example in ${dir} against ${tpsUrl}\n`);
    worker = spawn(process.execPath, ["dist/worker.js"], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise((resolve, reject) => {
      let seen = "";
      worker.stdout.setEncoding("utf8");
      worker.stdout.on("data", (chunk) => {
        process.stdout.write(chunk);
        seen += chunk;
        if (seen.includes("worker ready")) resolve();
      });
      worker.once("exit", (status) => reject(new Error(`the worker exited (${status}) before it was ready`)));
    });
    const args = ["dist/client.js", values["check-url"], values.file].filter((a) => a !== undefined);
    example.run(process.execPath, args, dir, { ...process.env, TPS_URL: tpsUrl });
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  code = example.exitCodeOf(error);
} finally {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  example.removeUnlessKept(dir, keep);
}
process.exit(code);
